package dev.pigment.models.train;

import org.nd4j.linalg.schedule.ISchedule;
import org.nd4j.shade.jackson.annotation.JsonProperty;

/**
 * A learning rate that rises linearly from {@code peak / warmup} to {@code peak} over the first {@code warmup}
 * iterations, then follows a half cosine down to {@code peak × finalFraction} at iteration {@code total} and stays
 * there (Loshchilov and Hutter, "SGDR: Stochastic Gradient Descent with Warm Restarts", ICLR 2017, without
 * restarts; warm-up as in Goyal et al., "Accurate, Large Minibatch SGD", 2017). A DL4J {@link ISchedule} by
 * iteration, so it is saved with the network's configuration.
 */
public final class WarmupCosineSchedule implements ISchedule {
    private final double peak;
    private final int warmup;
    private final int total;
    private final double finalFraction;

    /**
     * @param peak the learning rate at the end of the warm-up, > 0
     * @param warmup iterations of linear warm-up, 0..total
     * @param total the iteration at which the cosine reaches its end, >= 1
     * @param finalFraction the end value as a share of {@code peak}, in [0, 1]
     */
    public WarmupCosineSchedule(@JsonProperty("peak") double peak, @JsonProperty("warmup") int warmup,
                                @JsonProperty("total") int total,
                                @JsonProperty("finalFraction") double finalFraction) {
        if (!(peak > 0) || Double.isInfinite(peak)) {
            throw new IllegalArgumentException("peak must be positive and finite, got " + peak);
        }
        if (total < 1 || warmup < 0 || warmup > total) {
            throw new IllegalArgumentException("need 0 <= warmup <= total and total >= 1, got warmup " + warmup
                    + ", total " + total);
        }
        if (!(finalFraction >= 0 && finalFraction <= 1)) {
            throw new IllegalArgumentException("finalFraction must be in [0, 1], got " + finalFraction);
        }
        this.peak = peak;
        this.warmup = warmup;
        this.total = total;
        this.finalFraction = finalFraction;
    }

    @Override
    public double valueAt(int iteration, int epoch) {
        if (iteration < warmup) {
            return peak * (iteration + 1) / warmup;
        }
        double end = peak * finalFraction;
        if (iteration >= total) {
            return end;
        }
        double progress = (iteration - warmup) / (double) Math.max(1, total - warmup);
        return end + (peak - end) * 0.5 * (1 + Math.cos(Math.PI * progress));
    }

    @Override
    public ISchedule clone() {
        return new WarmupCosineSchedule(peak, warmup, total, finalFraction);
    }

    public double getPeak() {
        return peak;
    }

    public int getWarmup() {
        return warmup;
    }

    public int getTotal() {
        return total;
    }

    public double getFinalFraction() {
        return finalFraction;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof WarmupCosineSchedule s && s.peak == peak && s.warmup == warmup && s.total == total
                && s.finalFraction == finalFraction;
    }

    @Override
    public int hashCode() {
        return java.util.Objects.hash(peak, warmup, total, finalFraction);
    }

    @Override
    public String toString() {
        return "WarmupCosineSchedule[peak " + peak + ", warmup " + warmup + ", total " + total + ", final "
                + finalFraction + "]";
    }
}
