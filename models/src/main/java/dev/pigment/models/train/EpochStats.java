package dev.pigment.models.train;

import java.util.Map;
import java.util.Objects;

/**
 * What one training epoch did.
 *
 * @param epoch the epoch, counting from 1
 * @param trainLoss mean training loss over the epoch's batches (with dropout and augmentation on)
 * @param metrics validation figures by name, such as {@code loss} and {@code accuracy}; empty without validation
 * @param learningRate the learning rate at the end of the epoch
 * @param seconds wall-clock seconds of the epoch, validation included
 * @param elapsedSeconds wall-clock seconds since training started
 * @param images training examples seen in the epoch
 */
public record EpochStats(int epoch, double trainLoss, Map<String, Double> metrics, double learningRate,
                         double seconds, double elapsedSeconds, long images) {
    /** Copies {@code metrics}, which must not be null. */
    public EpochStats {
        metrics = Map.copyOf(Objects.requireNonNull(metrics, "metrics"));
    }

    /** A validation figure, or NaN if there is none of that name. */
    public double metric(String name) {
        return metrics.getOrDefault(name, Double.NaN);
    }

    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder(String.format("epoch %d: train loss %.4f", epoch, trainLoss));
        metrics.entrySet().stream().sorted(Map.Entry.comparingByKey())
                .forEach(e -> sb.append(String.format(", %s %.4f", e.getKey(), e.getValue())));
        return sb.append(String.format(", lr %.2e, %.1f s (%.0f img/s), %.1f s in all", learningRate, seconds,
                images / seconds, elapsedSeconds)).toString();
    }
}
