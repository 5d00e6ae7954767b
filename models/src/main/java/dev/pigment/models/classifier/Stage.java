package dev.pigment.models.classifier;

import java.util.Objects;

/**
 * One stage of a {@link ClassifierConfig}'s feature extractor: {@code convolutions} 3×3 convolutions of
 * {@code filters} channels (each followed by batch normalisation and ReLU when the config has batch normalisation),
 * optionally wrapped in a residual connection (He et al., "Deep Residual Learning for Image Recognition", CVPR 2016:
 * the stage's output is {@code ReLU(F(x) + shortcut(x))}, the shortcut a 1×1 convolution where the shape changes),
 * then downsampled, then dropout.
 *
 * @param filters output channels of every convolution of the stage, 1..4096
 * @param convolutions number of convolutions, 1..16
 * @param downsampling how the stage halves its resolution
 * @param dropout the share of activations dropped after the stage during training, in [0, 1); 0 for none
 * @param residual whether the stage's convolutions are bypassed by a shortcut that is added to their output
 */
public record Stage(int filters, int convolutions, Downsampling downsampling, double dropout, boolean residual) {

    /**
     * Checks the values.
     *
     * @throws IllegalArgumentException if {@code filters}, {@code convolutions} or {@code dropout} is out of range
     * @throws NullPointerException if {@code downsampling} is null
     */
    public Stage {
        if (filters < 1 || filters > 4096) {
            throw new IllegalArgumentException("filters must be in 1..4096, got " + filters);
        }
        if (convolutions < 1 || convolutions > 16) {
            throw new IllegalArgumentException("convolutions must be in 1..16, got " + convolutions);
        }
        Objects.requireNonNull(downsampling, "downsampling");
        if (!(dropout >= 0 && dropout < 1)) {
            throw new IllegalArgumentException("dropout must be in [0, 1), got " + dropout);
        }
    }

    /** A plain stage: {@code convolutions} × {@code filters}, then 2×2 max pooling; no dropout, no shortcut. */
    public static Stage of(int filters, int convolutions) {
        return new Stage(filters, convolutions, Downsampling.MAX_POOL, 0, false);
    }

    /** This stage with another downsampling. */
    public Stage withDownsampling(Downsampling value) {
        return new Stage(filters, convolutions, value, dropout, residual);
    }

    /** This stage with another dropout after it, in [0, 1). */
    public Stage withDropout(double value) {
        return new Stage(filters, convolutions, downsampling, value, residual);
    }

    /** This stage with or without a residual shortcut. */
    public Stage withResidual(boolean value) {
        return new Stage(filters, convolutions, downsampling, dropout, value);
    }
}
