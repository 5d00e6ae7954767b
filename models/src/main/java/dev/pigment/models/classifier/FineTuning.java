package dev.pigment.models.classifier;

import java.util.List;
import java.util.Objects;
import org.nd4j.linalg.learning.config.Adam;
import org.nd4j.linalg.learning.config.IUpdater;

/**
 * How {@link Classifier#fineTune} builds a classifier for new classes from a trained one.
 *
 * @param classNames the new classes
 * @param hidden widths of the new head's hidden fully connected layers; empty for a softmax layer on the features
 * @param dropout dropout before each new head layer, in [0, 1)
 * @param freezeFeatures whether the copied feature extractor keeps its weights (only the head trains)
 * @param updater the updater of the layers that train
 * @param seed the seed of the new head's initial weights
 */
public record FineTuning(List<String> classNames, List<Integer> hidden, double dropout, boolean freezeFeatures,
                         IUpdater updater, long seed) {
    /**
     * Copies the lists and the updater.
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
        updater = Objects.requireNonNull(updater, "updater").clone();
    }

    /** A new softmax layer on frozen features, dropout 0.3, Adam 1e-3. */
    public static FineTuning of(List<String> classNames, long seed) {
        return new FineTuning(classNames, List.of(), 0.3, true, new Adam(1e-3), seed);
    }

    /** These options with hidden layers of these widths in the new head (none for a softmax layer only). */
    public FineTuning withHidden(Integer... widths) {
        return new FineTuning(classNames, List.of(widths), dropout, freezeFeatures, updater, seed);
    }

    /** These options with the copied feature extractor frozen or not. */
    public FineTuning withFreezeFeatures(boolean value) {
        return new FineTuning(classNames, hidden, dropout, value, updater, seed);
    }

    /** These options with another updater (copied). */
    public FineTuning withUpdater(IUpdater value) {
        return new FineTuning(classNames, hidden, dropout, freezeFeatures, value, seed);
    }

    /** A copy of the updater (DL4J's updaters are mutable). */
    @Override
    public IUpdater updater() {
        return updater.clone();
    }
}
