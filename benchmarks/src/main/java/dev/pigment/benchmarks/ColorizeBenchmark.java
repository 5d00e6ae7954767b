package dev.pigment.benchmarks;

import dev.pigment.core.BadFilePolicy;
import dev.pigment.core.image.Bitmap;
import dev.pigment.core.image.ImageFiles;
import dev.pigment.core.source.PhotoSet;
import dev.pigment.models.colorizer.Colorizer;
import dev.pigment.models.colorizer.ColorizerConfig;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
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
import org.nd4j.linalg.factory.Nd4j;

/**
 * Milliseconds to colorize one 1920×1080 photo at full resolution, warm, with pigment's default colorizer
 * ({@link ColorizerConfig#unet64()}), each head, alone and as a deep ensemble ({@link Colorizer#ensemble}) of five:
 * L* of the full photo, the model at the working size (shorter side 128), a*b* upsampled and joined, sRGB out —
 * everything {@link Colorizer#colorize(Bitmap)} does. The weights of {@link #colorizeFullHd} are untrained and its
 * classification head's cells come from generated photos that cover most of the sRGB gamut; the network's cost does
 * not depend on the weights, but the join's does (colours outside the sRGB gamut are searched for the chroma that
 * fits), so {@link #colorizeFullHdPretrained} times what a user of the library gets by default:
 * {@link Colorizer#pretrained()}, the shipped colorizer (an ensemble of three, flip-averaged, at a working side of 80), on the same photo.
 *
 * <pre>
 * ./mvnw -q -pl benchmarks -am package -DskipTests
 * java -jar benchmarks/target/benchmarks.jar ColorizeBenchmark
 * </pre>
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3, time = 4)
@Measurement(iterations = 5, time = 4)
@Fork(value = 1, jvmArgs = {"-Xmx2g"})
public class ColorizeBenchmark {
    /** The photo side sizes of the benchmark. */
    static final int HEIGHT = 1080;
    static final int WIDTH = 1920;

    /** A colorizer and a full-HD photo. */
    @State(Scope.Benchmark)
    public static class Setting {
        @Param
        public ColorizerConfig.Head head;

        /** Ensemble members (1: a single model). */
        @Param({"1", "5"})
        public int members;

        Colorizer colorizer;
        Bitmap photo;

        @Setup(Level.Trial)
        public void setUp() throws IOException {
            colorizer = untrained(head, members);
            photo = PipelineSource.synthetic(HEIGHT, WIDTH, 3, 7);
        }
    }

    /** The shipped colorizer ({@link Colorizer#pretrained()}) and a full-HD photo. */
    @State(Scope.Benchmark)
    public static class Pretrained {
        Colorizer colorizer;
        Bitmap photo;

        @Setup(Level.Trial)
        public void setUp() throws IOException {
            colorizer = Colorizer.pretrained();
            photo = PipelineSource.synthetic(HEIGHT, WIDTH, 3, 7);
        }
    }

    /**
     * An untrained deep ensemble of {@code members} default colorizers ({@link ColorizerConfig#unet64()}) with
     * {@code head}, made from four synthetic photos: the same network work as a trained one.
     */
    static Colorizer untrained(ColorizerConfig.Head head, int members) throws IOException {
        Path dir = Files.createTempDirectory("pigment-colorize-bench");
        try {
            List<Path> files = new ArrayList<>();
            for (int i = 0; i < 4; i++) {
                Path f = dir.resolve("photo-" + i + ".png");
                ImageFiles.write(PipelineSource.synthetic(96, 128, 3, i), f);
                files.add(f);
            }
            PhotoSet photos = PhotoSet.load(files, new PhotoSet.Options(0, 64, false, BadFilePolicy.FAIL, 1)).data();
            List<Colorizer> ensemble = new ArrayList<>();
            for (int m = 1; m <= members; m++) {
                ensemble.add(Colorizer.create(ColorizerConfig.unet64().head(head).seed(m).build(), photos));
            }
            for (Path f : files) {
                Files.delete(f);
            }
            return Colorizer.ensemble(ensemble);
        } finally {
            Files.delete(dir);
        }
    }

    @Benchmark
    public Bitmap colorizeFullHd(Setting s) {
        return colorize(s.colorizer, s.photo);
    }

    @Benchmark
    public Bitmap colorizeFullHdPretrained(Pretrained s) {
        return colorize(s.colorizer, s.photo);
    }

    private static Bitmap colorize(Colorizer colorizer, Bitmap photo) {
        Bitmap out = colorizer.colorize(photo);
        Nd4j.getExecutioner().commit();
        return out;
    }
}
