package dev.pigment.benchmarks;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.dataset.api.iterator.DataSetIterator;
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
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Throughput of the shared image pipeline, per source, in images per second (the {@code images} counter):
 * {@code decode} reads and decodes all of a source's files once (the one-time cost; folder sources decode on all
 * cores), {@code batches} draws augmented training batches from the decoded data (the per-epoch cost, which must
 * stay well above the training rate).
 *
 * <pre>
 * ./mvnw -q -pl benchmarks -am package -DskipTests
 * java -jar benchmarks/target/benchmarks.jar PipelineBenchmark
 * </pre>
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 2, time = 3)
@Measurement(iterations = 3, time = 4)
@Fork(value = 1, jvmArgs = {"-Xmx4g"})
public class PipelineBenchmark {

    /** The source's generated files and its decoded data. */
    @State(Scope.Benchmark)
    public static class Data {
        @Param
        public PipelineSource source;

        Path dir;
        Object decoded;
        DataSetIterator iterator;

        @Setup(Level.Trial)
        public void setUp() throws IOException {
            dir = Files.createTempDirectory("pigment-bench-" + source);
            source.generate(dir);
            decoded = source.decode(dir);
            iterator = source.iterator(decoded, 42);
        }

        @TearDown(Level.Trial)
        public void tearDown() throws IOException {
            try (Stream<Path> s = Files.walk(dir)) {
                for (Path p : s.sorted(Comparator.reverseOrder()).toList()) {
                    Files.delete(p);
                }
            }
        }
    }

    /** Images processed; JMH reports it per second. */
    @State(Scope.Thread)
    @AuxCounters(AuxCounters.Type.OPERATIONS)
    public static class Images {
        public long images;

        @Setup(Level.Iteration)
        public void clear() {
            images = 0;
        }
    }

    @Benchmark
    public Object decode(Data data, Images count) throws IOException {
        Object decoded = data.source.decode(data.dir);
        count.images += PipelineSource.size(decoded);
        return decoded;
    }

    @Benchmark
    public DataSet batches(Data data, Images count) {
        if (!data.iterator.hasNext()) {
            data.iterator.reset();
        }
        DataSet ds = data.iterator.next();
        count.images += ds.numExamples();
        return ds;
    }
}
