package dev.pigment.benchmarks;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import jdk.incubator.vector.FloatVector;
import org.junit.jupiter.api.Test;

/** The ceiling benchmarks count the arithmetic they really do. */
class CeilingTest {
    @Test
    void kernelDoesTheFusedMultiplyAddsItCounts() {
        float expected = 1f;
        for (int i = 0; i < 1000; i++) {
            expected = Math.fma(expected, 0.9999999f, 1e-7f);
        }
        int lanes = FloatVector.SPECIES_PREFERRED.length();
        assertEquals(12.0 * lanes * expected, Ceiling.kernel(1000), 1e-3);
        assertEquals(12.0 * lanes * 2, Ceiling.flopsPerIteration());
    }

    @Test
    void fmaReportsTheFlopsOfEveryJob() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try {
            assertEquals(3 * 1000 * Ceiling.flopsPerIteration(), Ceiling.fma(pool, 3, 1000));
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void sgemmRateIsPositiveAndFinite() {
        double rate = Ceiling.sgemm(128, 2);
        assertTrue(rate > 0 && Double.isFinite(rate), "rate " + rate);
    }
}
