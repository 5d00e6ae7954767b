package dev.pigment.models.train;

import java.util.List;
import java.util.Objects;

/**
 * What a training run did, epoch by epoch.
 *
 * @param epochs the statistics of each epoch trained, in order
 * @param bestEpoch the epoch whose weights the model holds at the end (the best by the monitored metric when
 *     validation data was given and best weights were restored; otherwise the last)
 * @param stopReason why training stopped
 */
public record TrainingHistory(List<EpochStats> epochs, int bestEpoch, StopReason stopReason) {
    /** Why training stopped. */
    public enum StopReason {
        /** The schedule ran to its end: all epochs, or the images or the time budget it was fitted to. */
        COMPLETED,
        /** The monitored validation metric stopped improving (early stopping). */
        NO_IMPROVEMENT,
        /** The time budget ran out before the schedule's end. */
        TIME_BUDGET
    }

    /** Copies {@code epochs}; {@code stopReason} must not be null. */
    public TrainingHistory {
        epochs = List.copyOf(epochs);
        Objects.requireNonNull(stopReason, "stopReason");
    }

    /** The statistics of the epoch the model's weights come from, or null if no epoch ran. */
    public EpochStats best() {
        return epochs.stream().filter(e -> e.epoch() == bestEpoch).findFirst().orElse(null);
    }

    /** The last epoch's statistics, or null if no epoch ran. */
    public EpochStats last() {
        return epochs.isEmpty() ? null : epochs.get(epochs.size() - 1);
    }

    /** Wall-clock seconds of the whole run. */
    public double seconds() {
        return epochs.isEmpty() ? 0 : last().elapsedSeconds();
    }
}
