package dev.pigment.benchmarks;

import dev.pigment.models.engine.Flops;
import java.util.concurrent.TimeUnit;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;
import org.openjdk.jmh.annotations.AuxCounters;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Training-step and inference throughput of a workload under each engine variant, in images per second (the
 * {@code images} counter) and GFLOP/s (the {@code gflop} counter, FLOPs from {@link Flops}). Every call ends with
 * {@code Nd4j.getExecutioner().commit()}, a device synchronisation on CUDA. {@link EngineReport} runs this with
 * {@link CeilingBenchmark} and prints the share of the FLOP ceiling.
 *
 * <pre>
 * ./mvnw -q -pl benchmarks -am package -DskipTests
 * java -jar benchmarks/target/benchmarks.jar TrainingBenchmark -p engine=PIGMENT,DL4J_ONEDNN -p batch=B128
 * </pre>
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 2, time = 5)
@Measurement(iterations = 3, time = 5)
@Fork(value = 1, jvmArgsAppend = {"-Xmx2g", "--add-modules", "jdk.incubator.vector"})
public class TrainingBenchmark {

    /** The network and a fixed batch. */
    @State(Scope.Benchmark)
    public static class Model {
        /** The engine comparison's workload; {@code -p workload=FASHION_CLASSIFIER -p engine=PIGMENT} for the other. */
        @Param("SMALL_CNN")
        public Workload workload;
        @Param
        public EngineVariant engine;
        @Param("B128")
        public Batch batch;

        Network network;
        DataSet data;
        double trainingGflopPerImage;
        double forwardGflopPerImage;

        @Setup(Level.Trial)
        public void setUp() {
            if (engine.needsHelpers()) {
                // each parameter combination runs in a JVM of its own, so this affects this variant alone
                System.setProperty(EngineVariant.HELPERS_PROPERTY, "false");
            }
            network = engine.create(workload, 42);
            data = workload.batch(batch.size, engine.format, 7);
            long forward = EngineVariant.forwardFlops(workload);
            forwardGflopPerImage = forward / 1e9;
            trainingGflopPerImage = Flops.training(forward) / 1e9;
        }
    }

    /** Images processed and GFLOP done; JMH reports both per second. */
    @State(Scope.Thread)
    @AuxCounters(AuxCounters.Type.OPERATIONS)
    public static class Work {
        public long images;
        public double gflop;

        @Setup(Level.Iteration)
        public void clear() {
            images = 0;
            gflop = 0;
        }
    }

    @Benchmark
    public void train(Model m, Work work) {
        m.network.fit(m.data);
        Nd4j.getExecutioner().commit();
        work.images += m.batch.size;
        work.gflop += m.batch.size * m.trainingGflopPerImage;
    }

    @Benchmark
    public INDArray infer(Model m, Work work) {
        INDArray out = m.network.output(m.data.getFeatures());
        Nd4j.getExecutioner().commit();
        work.images += m.batch.size;
        work.gflop += m.batch.size * m.forwardGflopPerImage;
        return out;
    }
}
