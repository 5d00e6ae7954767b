package dev.pigment.benchmarks;

import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.openjdk.jmh.annotations.AuxCounters;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The machine's FP32 ceiling in GFLOP/s (the {@code gflop} counter): FMA chains on every core (the peak) and ND4J
 * SGEMM on 2048×2048 (the practical ceiling). See {@link Ceiling}.
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 1, time = 2)
@Measurement(iterations = 3, time = 2)
@Fork(value = 1, jvmArgsAppend = {"-Xmx2g", "--add-modules", "jdk.incubator.vector"})
public class CeilingBenchmark {
    static final int SGEMM_SIZE = 2048;

    /** GFLOP done; JMH reports it per second. */
    @State(Scope.Thread)
    @AuxCounters(AuxCounters.Type.OPERATIONS)
    public static class Work {
        public double gflop;

        @Setup(Level.Iteration)
        public void clear() {
            gflop = 0;
        }
    }

    /** The kernel's iterations for ~0.5 s, a thread per core, and the SGEMM operands. */
    @State(Scope.Benchmark)
    public static class Operands {
        final int cores = Runtime.getRuntime().availableProcessors();
        ExecutorService pool;
        long iterations;
        INDArray a;
        INDArray b;
        INDArray c;

        @Setup(Level.Trial)
        public void setUp() {
            pool = Executors.newFixedThreadPool(cores);
            iterations = Ceiling.iterationsFor(0.5);
            a = Nd4j.rand(DataType.FLOAT, SGEMM_SIZE, SGEMM_SIZE);
            b = Nd4j.rand(DataType.FLOAT, SGEMM_SIZE, SGEMM_SIZE);
            c = Nd4j.create(DataType.FLOAT, SGEMM_SIZE, SGEMM_SIZE);
        }

        @TearDown(Level.Trial)
        public void tearDown() {
            pool.shutdownNow();
        }
    }

    /** FMA chains on one thread per core. */
    @Benchmark
    public void fmaPeak(Operands o, Work work) throws Exception {
        work.gflop += Ceiling.fma(o.pool, o.cores, o.iterations) / 1e9;
    }

    /** One 2048³ SGEMM through ND4J. */
    @Benchmark
    public INDArray sgemm(Operands o, Work work) {
        Nd4j.gemm(o.a, o.b, o.c, false, false, 1.0, 0.0);
        Nd4j.getExecutioner().commit();
        work.gflop += 2.0 * SGEMM_SIZE * SGEMM_SIZE * SGEMM_SIZE / 1e9;
        return o.c;
    }
}
