package dev.pigment.benchmarks;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The machine's FP32 ceiling, measured rather than assumed: {@link #fmaPeak} runs independent fused multiply-add
 * chains on the widest SIMD vectors the JIT offers ({@code jdk.incubator.vector}), one thread per core, which is
 * the most arithmetic the cores can do; {@link #sgemm} is what ND4J's BLAS reaches on a large matrix product, the
 * practical ceiling of a well-blocked kernel. Percentages in the reports are of the FMA peak.
 */
final class Ceiling {
    private static final VectorSpecies<Float> SPECIES = FloatVector.SPECIES_PREFERRED;
    private static final int CHAINS = 12;

    private Ceiling() {
    }

    /**
     * FLOP/s of one thread per core running FMA chains: the best of {@code repeats} runs of about {@code seconds}
     * each, since a peak is what the cores can do when nothing else runs (the machines are shared).
     */
    static double fmaPeak(double seconds, int repeats) throws Exception {
        int threads = Runtime.getRuntime().availableProcessors();
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            long iterations = iterationsFor(seconds);
            fma(pool, threads, iterations / 4);   // warm up every thread
            double best = 0;
            for (int r = 0; r < repeats; r++) {
                long start = System.nanoTime();
                double flops = fma(pool, threads, iterations);
                best = Math.max(best, flops / ((System.nanoTime() - start) / 1e9));
            }
            return best;
        } finally {
            pool.shutdownNow();
        }
    }

    /** Kernel iterations that take about {@code seconds} on one thread. */
    static long iterationsFor(double seconds) {
        for (int i = 0; i < 5; i++) {
            kernel(5_000_000);   // let C2 compile it before timing
        }
        long t0 = System.nanoTime();
        kernel(20_000_000);
        double perIteration = (System.nanoTime() - t0) / 1e9 / 20_000_000;
        return Math.max(1_000_000, (long) (seconds / perIteration));
    }

    /**
     * Runs {@code iterations} of the kernel as {@code jobs} tasks at once on {@code pool} (one thread per core);
     * returns the FLOPs done.
     */
    static double fma(ExecutorService pool, int jobs, long iterations) throws Exception {
        List<Callable<Float>> tasks = new ArrayList<>();
        for (int t = 0; t < jobs; t++) {
            tasks.add(() -> kernel(iterations));
        }
        float sink = 0;
        for (Future<Float> f : pool.invokeAll(tasks)) {
            sink += f.get();
        }
        if (Float.isNaN(sink)) {
            throw new IllegalStateException("FMA kernel produced NaN");
        }
        return jobs * iterations * flopsPerIteration();
    }

    /** FLOPs of one iteration of {@link #kernel}: 12 chains × lanes × 2. */
    static double flopsPerIteration() {
        return CHAINS * SPECIES.length() * 2.0;
    }

    /** Runs 12 independent FMA chains; the result keeps the JIT from removing them. */
    static float kernel(long iterations) {
        FloatVector b = FloatVector.broadcast(SPECIES, 0.9999999f);
        FloatVector c = FloatVector.broadcast(SPECIES, 1e-7f);
        FloatVector a0 = FloatVector.broadcast(SPECIES, 1f);
        FloatVector a1 = a0, a2 = a0, a3 = a0, a4 = a0, a5 = a0, a6 = a0, a7 = a0, a8 = a0, a9 = a0, a10 = a0;
        FloatVector a11 = a0;
        for (long i = 0; i < iterations; i++) {
            a0 = a0.fma(b, c);
            a1 = a1.fma(b, c);
            a2 = a2.fma(b, c);
            a3 = a3.fma(b, c);
            a4 = a4.fma(b, c);
            a5 = a5.fma(b, c);
            a6 = a6.fma(b, c);
            a7 = a7.fma(b, c);
            a8 = a8.fma(b, c);
            a9 = a9.fma(b, c);
            a10 = a10.fma(b, c);
            a11 = a11.fma(b, c);
        }
        return a0.add(a1).add(a2).add(a3).add(a4).add(a5).add(a6).add(a7).add(a8).add(a9).add(a10).add(a11)
                .reduceLanes(VectorOperators.ADD);
    }

    /** FLOP/s of ND4J's SGEMM on {@code n}×{@code n} matrices, best of {@code repeats} after a warm-up. */
    static double sgemm(int n, int repeats) {
        INDArray a = Nd4j.rand(DataType.FLOAT, n, n);
        INDArray b = Nd4j.rand(DataType.FLOAT, n, n);
        INDArray c = Nd4j.create(DataType.FLOAT, n, n);
        Nd4j.gemm(a, b, c, false, false, 1.0, 0.0);
        double best = Double.MAX_VALUE;
        for (int r = 0; r < repeats; r++) {
            long t0 = System.nanoTime();
            Nd4j.gemm(a, b, c, false, false, 1.0, 0.0);
            Nd4j.getExecutioner().commit();
            best = Math.min(best, (System.nanoTime() - t0) / 1e9);
        }
        return 2.0 * n * n * n / best;
    }
}
