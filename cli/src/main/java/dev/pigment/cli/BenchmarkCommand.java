package dev.pigment.cli;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;

/** {@code pigment benchmark}: the side-by-side benchmark of pigment's engine and PyTorch. */
@Command(name = "benchmark", mixinStandardHelpOptions = true,
        description = "The side-by-side benchmark: pigment (DL4J) and PyTorch 2.7.1 (through DJL) train and run the "
                + "same model on the same batch, alternately, each in a fresh JVM with the same flags and threads, "
                + "for several rounds; then one table with both, their ratio, peak memory and the FLOP ceiling "
                + "measured in the same run. Results go to standard output.",
        footer = {"", "Examples:", "  pigment benchmark                          # the reference CNN, 3 rounds",
            "  pigment benchmark --workload FASHION_CLASSIFIER",
            "  pigment benchmark --workload COLORIZER --batch 32",
            "  pigment benchmark --rounds 1 --steps 5 --chunks 2   # a quick look"})
final class BenchmarkCommand extends Task {
    /** Where the PyTorch peer lands in a checkout, relative to its root. */
    static final Path PEER = Path.of("benchmarks-pytorch", "target", "pytorch-peer.jar");
    /** Where the benchmarks land, relative to the checkout's root. */
    static final Path BENCHMARKS = Path.of("benchmarks", "target", "benchmarks.jar");

    /** The workloads of the side-by-side benchmark. */
    enum Workload { SMALL_CNN, FASHION_CLASSIFIER, COLORIZER }

    @Option(names = "--workload", defaultValue = "SMALL_CNN", paramLabel = "NAME", description = "SMALL_CNN (the "
            + "reference CNN), FASHION_CLASSIFIER (pigment's default classifier) or COLORIZER (the U-Net). Default: "
            + "${DEFAULT-VALUE}.")
    Workload workload;

    @Option(names = "--rounds", defaultValue = "3", paramLabel = "N", description = "Default: ${DEFAULT-VALUE}.")
    int rounds;

    @Option(names = "--batch", defaultValue = "128", paramLabel = "N", description = "Images per step. Default: "
            + "${DEFAULT-VALUE}.")
    int batch;

    @Option(names = "--warmup", defaultValue = "200", paramLabel = "N", description = "Steps before timing. "
            + "Default: ${DEFAULT-VALUE}.")
    int warmup;

    @Option(names = "--chunks", defaultValue = "7", paramLabel = "N", description = "Timed chunks per side and "
            + "round. Default: ${DEFAULT-VALUE}.")
    int chunks;

    @Option(names = "--steps", defaultValue = "20", paramLabel = "N", description = "Steps per chunk. Default: "
            + "${DEFAULT-VALUE}.")
    int steps;

    @Option(names = "--peer", paramLabel = "JAR", description = "The PyTorch peer, built by ./mvnw package. Default: "
            + "benchmarks-pytorch/target/pytorch-peer.jar in pigment's checkout.")
    Path peer;

    @Option(names = "--heap", defaultValue = "1g", paramLabel = "SIZE", description = "Both sides' -Xmx, or "
            + "default for the JVM's own. Default: ${DEFAULT-VALUE}.")
    String heap;

    @Override
    void work() throws Exception {
        range(rounds, "--rounds", 1, 100);
        range(batch, "--batch", 1, 4096);
        range(warmup, "--warmup", 0, 1_000_000);
        range(chunks, "--chunks", 1, 1000);
        range(steps, "--steps", 1, 1_000_000);
        if (!heap.equals("default") && !heap.matches("\\d+[kKmMgG]?")) {
            throw new ParameterException(spec.commandLine(), "--heap must be a size such as 1g or 512m, or default; "
                    + "got " + heap);
        }
        Path jar = peer != null ? peer : checkout().resolve(PEER);
        if (!Files.isRegularFile(jar)) {
            throw new ParameterException(spec.commandLine(), "the PyTorch peer " + jar + " is not built: run "
                    + "./mvnw -q -pl benchmarks-pytorch -am package -DskipTests in pigment's checkout, or name it "
                    + "with --peer");
        }
        Path benchmarks = checkout().resolve(BENCHMARKS);
        if (!Files.isRegularFile(benchmarks)) {
            throw new IllegalStateException("the benchmarks " + benchmarks.toAbsolutePath() + " are not built: run "
                    + "./mvnw -q -pl benchmarks -am package -DskipTests in pigment's checkout");
        }
        // the benchmarks' own jar and JVM: the FLOP ceiling uses the incubating Vector API, which the other
        // commands do not load
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java")
                .toString(), "--add-modules", "jdk.incubator.vector", "-cp", benchmarks.toString(),
                "dev.pigment.benchmarks.SideBySide", "--workload", workload.name(), "--rounds", String.valueOf(rounds),
                "--peer", jar.toString(), "--heap", heap, "--batch", String.valueOf(batch), "--warmup",
                String.valueOf(warmup), "--chunks", String.valueOf(chunks), "--steps", String.valueOf(steps)));
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
            for (String line; (line = r.readLine()) != null; ) {
                out().println(line);
                out().flush();
            }
        }
        int status = p.waitFor();
        if (status != 0) {
            throw new IllegalStateException("the benchmark ended with exit status " + status + " (its output is "
                    + "above)");
        }
    }

    /**
     * The checkout pigment runs from: the nearest folder above its jar (or classes), else above the working folder,
     * that holds the benchmark modules; the working folder when there is none.
     */
    static Path checkout() {
        String cp = System.getProperty("java.class.path");
        for (Path start : List.of(Path.of(cp.split(java.io.File.pathSeparator)[0]), Path.of(""))) {
            for (Path p = start.toAbsolutePath().normalize(); p != null; p = p.getParent()) {
                if (Files.isDirectory(p.resolve("benchmarks")) && Files.isDirectory(p.resolve("cli"))) {
                    return p;
                }
            }
        }
        return Path.of("");
    }
}
