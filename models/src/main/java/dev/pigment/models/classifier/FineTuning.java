package dev.pigment.models.classifier;

import dev.pigment.models.train.Optimizer;
import java.util.List;
import java.util.Objects;

/**
 * How {@link Classifier#fineTune} builds a classifier for new classes from a trained one.
 *
 * @param classNames the new classes
 * @param hidden widths of the new head's hidden fully connected layers; empty for a softmax layer on the features
 * @param dropout dropout before each new head layer, in [0, 1)
 * @param freezeFeatures whether the copied feature extractor keeps its weights (only the head trains)
 * @param optimizer the optimiser of the layers that train
 * @param seed the seed of the new head's initial weights
 */
public record FineTuning(List<String> classNames, List<Integer> hidden, double dropout, boolean freezeFeatures,
                         Optimizer optimizer, long seed) {
    /**
     * Copies the lists.
     *
     * @throws IllegalArgumentException if a hidden width is below 1 or the dropout is outside [0, 1)
     */
    public FineTuning {
        classNames = List.copyOf(classNames);
        hidden = List.copyOf(hidden);
        for (int w : hidden) {
            if (w < 1) {
                throw new IllegalArgumentException("hidden widths must be positive, got " + hidden);
            }
        }
        if (!(dropout >= 0 && dropout < 1)) {
            throw new IllegalArgumentException("dropout must be in [0, 1), got " + dropout);
        }
        Objects.requireNonNull(optimizer, "optimizer");
    }

    /** A new softmax layer on frozen features, dropout 0.3, Adam 1e-3. */
    public static FineTuning of(List<String> classNames, long seed) {
        return new FineTuning(classNames, List.of(), 0.3, true, Optimizer.adam(1e-3), seed);
    }

    /** These options with hidden layers of these widths in the new head (none for a softmax layer only). */
    public FineTuning withHidden(Integer... widths) {
        return new FineTuning(classNames, List.of(widths), dropout, freezeFeatures, optimizer, seed);
    }

    /** These options with the copied feature extractor frozen or not. */
    public FineTuning withFreezeFeatures(boolean value) {
        return new FineTuning(classNames, hidden, dropout, value, optimizer, seed);
    }

    /** These options with another optimiser. */
    public FineTuning withOptimizer(Optimizer value) {
        return new FineTuning(classNames, hidden, dropout, freezeFeatures, value, seed);
    }
}
