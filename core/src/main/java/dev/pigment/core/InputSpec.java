package dev.pigment.core;

import java.util.Objects;
import org.deeplearning4j.nn.conf.CNN2DFormat;

/**
 * What a model takes as input: size, colour space (and so channel count), normalisation and tensor layout. The one
 * object that both the model builders and the data pipeline read, so that they cannot disagree.
 *
 * <p>Immutable and validated on construction; use the {@code with*} methods to derive variants.
 *
 * @param height image height in pixels, 1..8192
 * @param width image width in pixels, 1..8192
 * @param colorSpace the colour space, which fixes the number of channels
 * @param normalization how channel values are scaled
 * @param format the tensor layout of a batch: NCHW ({@code [n, c, h, w]}) or NHWC ({@code [n, h, w, c]})
 */
public record InputSpec(int height, int width, ColorSpace colorSpace, Normalization normalization,
                        CNN2DFormat format) {

    /** Largest accepted height or width. */
    public static final int MAX_SIDE = 8192;
    /**
     * The layout of the factories' specs, and of pigment's engine: NHWC, which oneDNN's CPU convolutions run
     * without reordering (docs/engine.md).
     */
    public static final CNN2DFormat DEFAULT_FORMAT = CNN2DFormat.NHWC;

    /**
     * Validates the components.
     *
     * @throws IllegalArgumentException if the height or width is outside 1..{@value #MAX_SIDE}
     * @throws NullPointerException if the colour space, normalisation or format is null
     */
    public InputSpec {
        if (height < 1 || height > MAX_SIDE) {
            throw new IllegalArgumentException("height must be in 1.." + MAX_SIDE + ", got " + height);
        }
        if (width < 1 || width > MAX_SIDE) {
            throw new IllegalArgumentException("width must be in 1.." + MAX_SIDE + ", got " + width);
        }
        Objects.requireNonNull(colorSpace, "colorSpace");
        Objects.requireNonNull(normalization, "normalization");
        Objects.requireNonNull(format, "format");
    }

    /** A grayscale input scaled to [0, 1], in {@link #DEFAULT_FORMAT}. */
    public static InputSpec gray(int height, int width) {
        return new InputSpec(height, width, ColorSpace.GRAY, Normalization.UNIT, DEFAULT_FORMAT);
    }

    /** An sRGB input scaled to [0, 1], in {@link #DEFAULT_FORMAT}. */
    public static InputSpec rgb(int height, int width) {
        return new InputSpec(height, width, ColorSpace.RGB, Normalization.UNIT, DEFAULT_FORMAT);
    }

    /** The colorizer's input: CIE L* scaled to [-1, 1], in {@link #DEFAULT_FORMAT}. */
    public static InputSpec lightness(int height, int width) {
        return new InputSpec(height, width, ColorSpace.LAB_L, Normalization.SYMMETRIC, DEFAULT_FORMAT);
    }

    /** Number of channels, fixed by the colour space. */
    public int channels() {
        return colorSpace.channels();
    }

    /** Values per image: height × width × channels. */
    public int pixelValues() {
        return height * width * channels();
    }

    /** The shape of a batch of {@code n} images in this layout. */
    public long[] batchShape(int n) {
        return batchShape(n, height, width);
    }

    /**
     * The shape of a batch of {@code n} images of {@code h × w} pixels, with this spec's channels, in its layout: for
     * fully convolutional networks, which take inputs of other sizes than the one they trained on.
     */
    public long[] batchShape(int n, int h, int w) {
        return format == CNN2DFormat.NCHW
                ? new long[] {n, channels(), h, w}
                : new long[] {n, h, w, channels()};
    }

    /**
     * Where channel {@code c} of pixel ({@code y}, {@code x}) of image {@code image} lies in a flat, row-major batch
     * of {@code h × w} images with this spec's channels, in its layout (NCHW or NHWC).
     */
    public int offset(int image, int y, int x, int c, int h, int w) {
        int channels = channels();
        return format == CNN2DFormat.NCHW
                ? ((image * channels + c) * h + y) * w + x
                : ((image * h + y) * w + x) * channels + c;
    }

    /** The axis of a batch in this layout that runs along the image's width: 3 for NCHW, 2 for NHWC. */
    public int widthAxis() {
        return format == CNN2DFormat.NCHW ? 3 : 2;
    }

    /** Maps a natural channel value (see {@link ColorSpace}) to the model's scale. */
    public float normalize(float v) {
        return normalization.apply(v, colorSpace.lower(), colorSpace.upper());
    }

    /**
     * This spec with size {@code newHeight × newWidth} pixels.
     *
     * @throws IllegalArgumentException if a side is outside 1..{@value #MAX_SIDE}
     */
    public InputSpec withSize(int newHeight, int newWidth) {
        return new InputSpec(newHeight, newWidth, colorSpace, normalization, format);
    }

    /** This spec with normalisation {@code newNormalization}. */
    public InputSpec withNormalization(Normalization newNormalization) {
        return new InputSpec(height, width, colorSpace, newNormalization, format);
    }

    /** This spec with tensor layout {@code newFormat} (NCHW or NHWC). */
    public InputSpec withFormat(CNN2DFormat newFormat) {
        return new InputSpec(height, width, colorSpace, normalization, newFormat);
    }

    @Override
    public String toString() {
        return height + "x" + width + "x" + channels() + " " + colorSpace + " " + normalization + " " + format;
    }
}
