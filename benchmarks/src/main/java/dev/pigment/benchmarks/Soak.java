package dev.pigment.benchmarks;

import dev.pigment.core.AtomicFiles;
import dev.pigment.core.image.Bitmap;
import dev.pigment.models.classifier.Classifier;
import dev.pigment.models.classifier.ClassifierConfig;
import dev.pigment.models.colorizer.Colorizer;
import dev.pigment.models.colorizer.ColorizerConfig;
import dev.pigment.models.engine.Machine;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.bytedeco.javacpp.Pointer;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.nd4j.linalg.factory.Nd4j;

/**
 * A soak run: many classifications, then many full-resolution colorizations, in one process, with the resident
 * memory, the off-heap bytes ND4J's allocation tracker counts (its buffers and workspaces) and the Java heap sampled
 * along the way, to show that memory
 * levels off rather than grows. Writes {@code soak.csv} and {@code soak-memory.png} and prints the growth over each
 * phase's second half.
 *
 * <pre>
 * ./mvnw -q -pl benchmarks -am package -DskipTests
 * java -Xms1g -Xmx1g -XX:+AlwaysPreTouch -cp benchmarks/target/benchmarks.jar dev.pigment.benchmarks.Soak \
 *     [--classifications 10000] [--colorizations 500] [--out docs/soak]
 * </pre>
 *
 * A fixed, pre-touched heap ({@code -Xms} = {@code -Xmx}, {@code -XX:+AlwaysPreTouch}) keeps the heap filling up
 * out of the resident curve: what grows there is native memory. The models are
 * untrained (pigment's default classifier for 28×28 images, the default colorizer): memory depends on
 * the network's shape and the inputs, not on the weights' values.
 */
public final class Soak {
    private Soak() {
    }

    /**
     * One sample: the phase, the calls done, the seconds since the start, and memory in MiB: resident, ND4J's
     * off-heap, the Java heap in use and the heap the JVM has committed (part of the resident memory).
     */
    record Sample(String phase, int calls, double seconds, double residentMiB, double offHeapMiB, double heapMiB,
                  double committedMiB) {
        static Sample now(String phase, int calls, long start) {
            Runtime rt = Runtime.getRuntime();
            return new Sample(phase, calls, (System.nanoTime() - start) / 1e9, Pointer.physicalBytes() / 1048576.0,
                    Nd4j.getMemoryManager().allocatedMemory(0) / 1048576.0,
                    (rt.totalMemory() - rt.freeMemory()) / 1048576.0, rt.totalMemory() / 1048576.0);
        }
    }

    /** Arguments: {@code --classifications N}, {@code --colorizations N}, {@code --out DIR}. */
    public static void main(String[] args) throws IOException {
        int classifications = 10_000;
        int colorizations = 500;
        Path out = Path.of("out/soak");
        for (int i = 0; i + 1 < args.length; i += 2) {
            switch (args[i]) {
                case "--classifications" -> classifications = Integer.parseInt(args[i + 1]);
                case "--colorizations" -> colorizations = Integer.parseInt(args[i + 1]);
                case "--out" -> out = Path.of(args[i + 1]);
                default -> throw new IllegalArgumentException("unknown option " + args[i]
                        + "; accepted: --classifications N, --colorizations N, --out DIR");
            }
        }
        System.out.println("machine: " + Machine.current());
        List<Sample> samples = run(classifications, colorizations);
        Files.createDirectories(out);
        write(samples, out.resolve("soak.csv"));
        chart(samples, out.resolve("soak-memory.png"));
        System.out.println(summary(samples, "classify") + "\n" + summary(samples, "colorize"));
        System.out.println("wrote " + out.resolve("soak.csv") + " and " + out.resolve("soak-memory.png"));
    }

    static List<Sample> run(int classifications, int colorizations) throws IOException {
        List<Sample> samples = new ArrayList<>();
        long start = System.nanoTime();
        Classifier classifier = Classifier.create(ClassifierConfig.small28(10).seed(1).build(),
                List.of("0", "1", "2", "3", "4", "5", "6", "7", "8", "9"));
        samples.add(Sample.now("classify", 0, start));
        int every = Math.max(1, classifications / 50);
        for (int i = 1; i <= classifications; i++) {
            classifier.classify(PipelineSource.synthetic(28, 28, 1, i));
            if (i % every == 0) {
                samples.add(Sample.now("classify", i, start));
            }
        }
        Colorizer colorizer = ColorizeBenchmark.untrained(ColorizerConfig.Head.REGRESSION, 1);
        Bitmap photo = PipelineSource.synthetic(ColorizeBenchmark.HEIGHT, ColorizeBenchmark.WIDTH, 3, 7);
        samples.add(Sample.now("colorize", 0, start));
        every = Math.max(1, colorizations / 50);
        for (int i = 1; i <= colorizations; i++) {
            colorizer.colorize(photo);
            if (i % every == 0) {
                samples.add(Sample.now("colorize", i, start));
                System.out.printf(Locale.ROOT, "colorize %d/%d, resident %.0f MiB, off-heap %.0f MiB%n", i,
                        colorizations, samples.get(samples.size() - 1).residentMiB(),
                        samples.get(samples.size() - 1).offHeapMiB());
            }
        }
        return samples;
    }

    /**
     * The growth of resident and off-heap memory over the second half of a phase: the mean of its last quarter of
     * samples against the mean of its second quarter.
     */
    static String summary(List<Sample> samples, String phase) {
        List<Sample> s = samples.stream().filter(x -> x.phase().equals(phase) && x.calls() > 0).toList();
        int q = Math.max(1, s.size() / 4);
        List<Sample> second = s.subList(q, Math.min(s.size(), 2 * q));
        List<Sample> last = s.subList(s.size() - q, s.size());
        return String.format(Locale.ROOT, "%s: %d calls; resident %.0f -> %.0f MiB (%+.1f%%), off-heap %.0f -> %.0f"
                        + " MiB (%+.1f%%), peak resident %.0f MiB", phase, s.get(s.size() - 1).calls(),
                mean(second, true), mean(last, true), growth(second, last, true), mean(second, false),
                mean(last, false), growth(second, last, false),
                s.stream().mapToDouble(Sample::residentMiB).max().orElse(0));
    }

    private static double mean(List<Sample> s, boolean resident) {
        return s.stream().mapToDouble(x -> resident ? x.residentMiB() : x.offHeapMiB()).average().orElse(0);
    }

    private static double growth(List<Sample> from, List<Sample> to, boolean resident) {
        return 100 * (mean(to, resident) / mean(from, resident) - 1);
    }

    private static void write(List<Sample> samples, Path file) throws IOException {
        StringBuilder sb = new StringBuilder("phase,calls,seconds,resident_mib,offheap_mib,heap_mib,committed_mib\n");
        for (Sample s : samples) {
            sb.append(String.format(Locale.ROOT, "%s,%d,%.2f,%.1f,%.1f,%.1f,%.1f%n", s.phase(), s.calls(),
                    s.seconds(), s.residentMiB(), s.offHeapMiB(), s.heapMiB(), s.committedMiB()));
        }
        AtomicFiles.write(file, tmp -> Files.writeString(tmp, sb, StandardCharsets.UTF_8));
    }

    private static void chart(List<Sample> samples, Path file) throws IOException {
        XYChart chart = new XYChartBuilder().width(900).height(480).title("pigment soak: "
                + Machine.current().model()).xAxisTitle("seconds (classifications, then 1920x1080 colorizations)")
                .yAxisTitle("MiB").build();
        double[] t = samples.stream().mapToDouble(Sample::seconds).toArray();
        chart.addSeries("resident (RSS)", t, samples.stream().mapToDouble(Sample::residentMiB).toArray());
        chart.addSeries("ND4J off-heap (its tracker)", t, samples.stream().mapToDouble(Sample::offHeapMiB).toArray());
        chart.addSeries("Java heap used", t, samples.stream().mapToDouble(Sample::heapMiB).toArray());
        chart.addSeries("Java heap committed", t, samples.stream().mapToDouble(Sample::committedMiB).toArray());
        java.awt.image.BufferedImage image = BitmapEncoder.getBufferedImage(chart);
        AtomicFiles.write(file, tmp -> {
            if (!javax.imageio.ImageIO.write(image, "png", tmp.toFile())) {
                throw new IOException("no PNG writer");
            }
        });
    }
}
