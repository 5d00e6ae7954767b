package dev.pigment.models.train;

import java.io.PrintStream;
import java.util.Objects;

/** Hears about training as it goes: each batch and each finished epoch. Called on the training thread. */
public interface ProgressListener {
    /** A batch was trained: {@code batch} of {@code batches} (from 1) of epoch {@code epoch} (from 1). */
    default void batchDone(int epoch, int batch, int batches, double loss) {
    }

    /** An epoch finished, validation included. */
    default void epochDone(EpochStats stats) {
    }

    /** A listener that ignores everything. */
    static ProgressListener none() {
        return new ProgressListener() {
        };
    }

    /** Prints each epoch's summary, and a progress line about every {@code percent}% of an epoch. */
    static ProgressListener printing(PrintStream out, int percent) {
        Objects.requireNonNull(out, "out");
        if (percent < 1 || percent > 100) {
            throw new IllegalArgumentException("percent must be in 1..100, got " + percent);
        }
        return new ProgressListener() {
            private double sum;
            private int count;

            @Override
            public void batchDone(int epoch, int batch, int batches, double loss) {
                sum += loss;
                count++;
                int step = Math.max(1, batches * percent / 100);
                if (batch % step == 0 && batch < batches) {
                    out.printf("  epoch %d: %d/%d batches, loss %.4f%n", epoch, batch, batches, sum / count);
                    sum = 0;
                    count = 0;
                }
            }

            @Override
            public void epochDone(EpochStats stats) {
                sum = 0;
                count = 0;
                out.println(stats);
            }
        };
    }
}
