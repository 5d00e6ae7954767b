package dev.pigment.models.train;

import org.nd4j.linalg.schedule.ISchedule;
import org.nd4j.shade.jackson.annotation.JsonProperty;

/**
 * A learning rate that rises linearly from {@code peak / warmup} to {@code peak} over the first {@code warmup}
 * iterations, then follows a half cosine down to {@code peak × finalFraction} at iteration {@code total} and stays
 * there (Loshchilov and Hutter, "SGDR: Stochastic Gradient Descent with Warm Restarts", ICLR 2017, without
 * restarts; warm-up as in Goyal et al., "Accurate, Large Minibatch SGD", 2017). A DL4J {@link ISchedule} by
 * iteration, so it is saved with the network's configuration.
 *
 * <p>A run whose length is only known as it goes (a time budget, {@link Training.Builder#scheduleToBudget}) moves
 * the end with {@link #replan}: the cosine's progress then continues from where it is to 1 at the new
 * {@code total}, so the rate never jumps.
 */
public final class WarmupCosineSchedule implements ISchedule {
    /** The learning rate at the end of the warm-up. */
    private final double peak;
    /** Iterations of linear warm-up. */
    private final int warmup;
    /** The iteration at which the cosine reaches its end. */
    private final int total;
    /** The end value as a share of {@link #peak}. */
    private final double finalFraction;
    /** The iteration at which the cosine progress is {@link #anchorProgress}. */
    private final int anchor;
    /** The cosine progress at {@link #anchor}, in [0, 1]. */
    private final double anchorProgress;

    /**
     * @param peak the learning rate at the end of the warm-up, > 0
     * @param warmup iterations of linear warm-up, 0..total
     * @param total the iteration at which the cosine reaches its end, >= 1
     * @param finalFraction the end value as a share of {@code peak}, in [0, 1]
     */
    public WarmupCosineSchedule(double peak, int warmup, int total, double finalFraction) {
        this(peak, warmup, total, finalFraction, warmup, 0);
    }

    /**
     * A schedule whose cosine progress (0 at the end of the warm-up, 1 at {@code total}) is {@code anchorProgress}
     * at iteration {@code anchor} and grows linearly from there to 1 at {@code total}; before the anchor it grows
     * linearly from 0 at the end of the warm-up.
     *
     * @param anchor an iteration in warmup..total (0 with progress 0 means the end of the warm-up, as in files
     *     written before re-planning existed)
     * @param anchorProgress the cosine progress at {@code anchor}, in [0, 1]
     */
    public WarmupCosineSchedule(@JsonProperty("peak") double peak, @JsonProperty("warmup") int warmup,
                                @JsonProperty("total") int total,
                                @JsonProperty("finalFraction") double finalFraction,
                                @JsonProperty("anchor") int anchor,
                                @JsonProperty("anchorProgress") double anchorProgress) {
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
        if (anchor == 0 && anchorProgress == 0) {
            anchor = warmup;
        }
        if (anchor < warmup || anchor > total || !(anchorProgress >= 0 && anchorProgress <= 1)) {
            throw new IllegalArgumentException("need warmup <= anchor <= total and anchorProgress in [0, 1], got "
                    + "anchor " + anchor + ", progress " + anchorProgress);
        }
        this.peak = peak;
        this.warmup = warmup;
        this.total = total;
        this.finalFraction = finalFraction;
        this.anchor = anchor;
        this.anchorProgress = anchorProgress;
    }

    /** The cosine's progress at {@code iteration}: 0 up to the end of the warm-up, 1 from {@code total} on. */
    public double progress(int iteration) {
        if (iteration <= warmup) {
            return 0;
        }
        if (iteration >= total) {
            return 1;
        }
        if (iteration >= anchor) {
            return anchorProgress + (1 - anchorProgress) * (iteration - anchor) / (double) Math.max(1, total - anchor);
        }
        return anchorProgress * (iteration - warmup) / (double) Math.max(1, anchor - warmup);
    }

    /**
     * This schedule with its end moved to {@code newTotal}, continuing from its value at {@code iteration}: the
     * rate at {@code iteration} is unchanged and the cosine completes at {@code newTotal}.
     */
    public WarmupCosineSchedule replan(int iteration, int newTotal) {
        int from = Math.max(iteration, warmup);
        int end = Math.max(newTotal, from);
        return new WarmupCosineSchedule(peak, warmup, Math.max(end, 1), finalFraction, from,
                Math.min(progress(iteration), 1));
    }

    @Override
    public double valueAt(int iteration, int epoch) {
        if (iteration < warmup) {
            return peak * (iteration + 1) / warmup;
        }
        double end = peak * finalFraction;
        return end + (peak - end) * 0.5 * (1 + Math.cos(Math.PI * progress(iteration)));
    }

    @Override
    public ISchedule clone() {
        return new WarmupCosineSchedule(peak, warmup, total, finalFraction, anchor, anchorProgress);
    }

    /** The learning rate at the end of the warm-up, the schedule's highest. */
    public double getPeak() {
        return peak;
    }

    /** Iterations of linear warm-up. */
    public int getWarmup() {
        return warmup;
    }

    /** The iteration at which the cosine reaches its end value, {@code peak × finalFraction}. */
    public int getTotal() {
        return total;
    }

    /** The end value as a share of the peak, in [0, 1]. */
    public double getFinalFraction() {
        return finalFraction;
    }

    /**
     * The iteration from which the cosine progress grows linearly to 1 at {@link #getTotal()}: the end of the
     * warm-up, or where {@link #replan} moved the end.
     */
    public int getAnchor() {
        return anchor;
    }

    /** The cosine progress at {@link #getAnchor()}, in [0, 1]; 0 unless re-planned. */
    public double getAnchorProgress() {
        return anchorProgress;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof WarmupCosineSchedule s && s.peak == peak && s.warmup == warmup && s.total == total
                && s.finalFraction == finalFraction && s.anchor == anchor && s.anchorProgress == anchorProgress;
    }

    @Override
    public int hashCode() {
        return java.util.Objects.hash(peak, warmup, total, finalFraction, anchor, anchorProgress);
    }

    @Override
    public String toString() {
        return "WarmupCosineSchedule[peak " + peak + ", warmup " + warmup + ", total " + total + ", final "
                + finalFraction + (anchor == warmup && anchorProgress == 0 ? ""
                : ", progress " + anchorProgress + " at " + anchor) + "]";
    }
}
