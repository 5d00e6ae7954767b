package dev.pigment.core.image;

import java.util.function.IntConsumer;
import java.util.stream.IntStream;

/**
 * Runs per-row image work on the calling thread or, when the rows hold enough work to pay for it, in parallel on
 * the common fork-join pool. Rows must be independent; the result is then the same either way.
 */
public final class PixelRows {
    /** Units of work (multiply-adds, pixels) below which the rows run on the calling thread. */
    public static final long PARALLEL_WORK = 1 << 16;

    private PixelRows() {
    }

    /**
     * Calls {@code row} for each of 0..rows−1, each row costing about {@code workPerRow}: in parallel when
     * {@code rows × workPerRow} is at least {@link #PARALLEL_WORK}, else in order on the calling thread.
     */
    public static void forEach(int rows, long workPerRow, IntConsumer row) {
        IntStream range = IntStream.range(0, rows);
        (rows * workPerRow >= PARALLEL_WORK ? range.parallel() : range).forEach(row);
    }
}
