package dev.pigment.benchmarks;

import dev.pigment.benchmarks.protocol.Protocol;
import dev.pigment.models.classifier.ClassifierConfig;
import dev.pigment.models.classifier.Downsampling;
import dev.pigment.models.classifier.Stage;
import dev.pigment.models.colorizer.ColorizerConfig;
import dev.pigment.models.engine.Engine;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;

/**
 * The side-by-side benchmark: pigment's engine (DL4J) and PyTorch 2.7.1 through DJL 0.35.1 train and run the same
 * model on the same batch, alternately, each in a fresh JVM with the same JVM flags and {@code OMP_NUM_THREADS},
 * for several rounds; then one table with both figures, the ratio pigment/PyTorch and the FLOP ceiling measured in
 * the same run. PyTorch runs twice per round: with glibc's default allocator, and with the usual CPU tuning that
 * keeps freed blocks in the heap ({@code MALLOC_MMAP_THRESHOLD_} etc., which stopped it page-faulting on every step
 * here); the ratio is against the faster of the two.
 *
 * <pre>
 * ./run.sh side-by-side          (builds both jars, then:)
 * java --add-modules jdk.incubator.vector [-Dpigment.onednn.precision=f32] -cp benchmarks/target/benchmarks.jar \
 *      dev.pigment.benchmarks.SideBySide \
 *      [--rounds 3] [--engines PIGMENT[,DL4J_ONEDNN...]] [--peer benchmarks-pytorch/target/pytorch-peer.jar] \
 *      [--heap 1g|default] [--workload SMALL_CNN|FASHION_CLASSIFIER|COLORIZER]
 *      [--batch 128 --warmup 200 --chunks 7 --steps 20]
 * </pre>
 */
public final class SideBySide {
    /**
     * JVM flags of every side by default: the same heap bound for both, and a small initial heap that each JVM grows
     * as its work needs. (Until 2026-12-07 the initial heap was 256 MiB: G1 then sizes its young generation from it,
     * and DL4J's per-operation Java objects filled all of it, about 220 MiB resident, where DJL's few objects touched
     * some 25 MiB of theirs; benchmarks/RESULTS.md.)
     */
    static final List<String> JVM_FLAGS = List.of("-Xms64m", "-Xmx1g");

    /** glibc settings that keep freed blocks in the heap instead of returning them to the kernel. */
    static final Map<String, String> TUNED_MALLOC = Map.of(
            "MALLOC_MMAP_THRESHOLD_", "33554432",
            "MALLOC_TRIM_THRESHOLD_", "4294967296",
            "MALLOC_TOP_PAD_", "268435456");

    private SideBySide() {
    }

    /** One way of running the workload: a command and its environment. */
    record Route(String name, boolean pigment, List<String> command, Map<String, String> env) {
    }


    public static void main(String[] argv) throws Exception {
        List<String> others = new ArrayList<>();
        Protocol.Options options = Protocol.Options.parse(List.of(argv), others);
        int rounds = 3;
        List<String> engines = List.of(EngineVariant.PIGMENT.name());
        Path peer = Path.of("benchmarks-pytorch/target/pytorch-peer.jar");
        List<String> jvmFlags = JVM_FLAGS;
        Workload workload = Workload.SMALL_CNN;
        for (int i = 0; i < others.size(); i++) {
            String a = others.get(i);
            if (i + 1 >= others.size()) {
                throw new IllegalArgumentException(a + " needs a value");
            }
            String v = others.get(++i);
            switch (a) {
                case "--rounds" -> rounds = Integer.parseInt(v);
                case "--engines" -> engines = List.of(v.split(","));
                case "--peer" -> peer = Path.of(v);
                case "--heap" -> jvmFlags = v.equals("default") ? List.of() : List.of("-Xmx" + v);
                case "--workload" -> workload = Workload.valueOf(v);
                default -> throw new IllegalArgumentException("unknown option " + a + "; accepted: --rounds, "
                        + "--engines, --peer, --heap SIZE|default, --workload SMALL_CNN|FASHION_CLASSIFIER|COLORIZER, "
                        + "--batch, --warmup, --chunks, --steps");
            }
        }
        if (!Files.isRegularFile(peer)) {
            throw new IllegalArgumentException(peer + " does not exist: build it with "
                    + "./mvnw -q -pl benchmarks-pytorch -am package -DskipTests");
        }
        int cores = Runtime.getRuntime().availableProcessors();
        System.out.printf(Locale.ROOT, "Measuring the FLOP ceiling on %d cores...%n", cores);
        double fmaPeak = Ceiling.fmaPeak(0.5, 8);
        double sgemm = Ceiling.sgemm(2048, 5);

        List<Route> routes = routes(workload, engines, peer, options, cores, jvmFlags);
        Map<String, List<Protocol.Measurement>> results = new LinkedHashMap<>();
        for (Route r : routes) {
            results.put(r.name(), new ArrayList<>());
        }
        for (int round = 0; round < rounds; round++) {
            List<Route> order = new ArrayList<>(routes);
            if (round % 2 == 1) {
                java.util.Collections.reverse(order);   // alternate the order so drift does not favour a side
            }
            for (Route r : order) {
                System.out.printf(Locale.ROOT, "round %d/%d: %s%n", round + 1, rounds, r.name());
                Protocol.Measurement m = runChild(r);
                System.out.println("  " + m.line());
                results.get(r.name()).add(m);
            }
        }
        long forward = EngineVariant.forwardFlops(workload);
        System.out.println();
        System.out.println(report(workload, routes, results, options, forward, fmaPeak, sgemm, cores, jvmFlags,
                Engine.layers()));
    }

    /**
     * The {@code pigment.*} system properties given to this JVM, as {@code -D} flags for pigment's child (for example
     * {@code -Dpigment.onednn.precision=f32} to measure float32 convolutions where bfloat16 is the default), sorted.
     */
    static List<String> pigmentProperties(Properties properties) {
        return properties.stringPropertyNames().stream()
                .filter(k -> k.startsWith("pigment."))
                .sorted()
                .map(k -> "-D" + k + "=" + properties.getProperty(k))
                .toList();
    }

    static List<Route> routes(Workload workload, List<String> engines, Path peer, Protocol.Options options,
                              int cores, List<String> jvmFlags) {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Map<String, String> omp = Map.of("OMP_NUM_THREADS", String.valueOf(cores));
        List<Route> routes = new ArrayList<>();
        for (String engine : engines) {
            List<String> cmd = new ArrayList<>(List.of(java));
            cmd.addAll(jvmFlags);
            cmd.addAll(pigmentProperties(System.getProperties()));
            cmd.addAll(List.of("-cp", System.getProperty("java.class.path"), TrainLoop.class.getName(),
                    "--engine", EngineVariant.valueOf(engine).name(), "--workload", workload.name()));
            cmd.addAll(options.toArgs());
            routes.add(new Route("pigment " + engine + " (DL4J 1.0.0-M2.1)", true, cmd, omp));
        }
        Path cache = peer.toAbsolutePath().getParent().resolve("djl-cache");
        for (boolean tuned : new boolean[] {false, true}) {
            List<String> cmd = new ArrayList<>(List.of(java));
            cmd.addAll(jvmFlags);
            cmd.addAll(List.of("-Dai.djl.offline=true", "-cp", peer.toString(), "dev.pigment.peer.PeerMain"));
            cmd.addAll(options.toArgs());
            cmd.addAll(peerArgs(workload));
            Map<String, String> env = new LinkedHashMap<>(omp);
            env.put("DJL_CACHE_DIR", cache.toString());
            if (tuned) {
                env.putAll(TUNED_MALLOC);
            }
            routes.add(new Route("PyTorch 2.7.1 / DJL 0.35.1" + (tuned ? ", malloc tuned" : ", malloc default"),
                    false, cmd, env));
        }
        return routes;
    }

    /** The peer's options that build the same network as pigment's for {@code workload}. */
    static List<String> peerArgs(Workload workload) {
        if (workload == Workload.SMALL_CNN) {
            return List.of();
        }
        if (workload == Workload.COLORIZER) {
            ColorizerConfig c = Workload.colorizer(0);
            if (!c.skips() || !c.batchNorm() || c.convolutions() != 2
                    || c.upsampling() != ColorizerConfig.Upsampling.NEAREST
                    || c.head() != ColorizerConfig.Head.REGRESSION || c.loss() != ColorizerConfig.Loss.L1) {
                throw new IllegalStateException("the PyTorch peer builds the default U-Net only: " + c);
            }
            return List.of("--unet", String.join(",", c.widths().stream().map(String::valueOf).toList()));
        }
        ClassifierConfig c = Workload.classifier(0);
        if (c.globalPooling() || !c.batchNorm()) {
            throw new IllegalStateException("the PyTorch peer builds flattening heads with batch norm only: " + c);
        }
        List<String> stages = new ArrayList<>();
        for (Stage st : c.stages()) {
            if (st.residual() || st.downsampling() != Downsampling.MAX_POOL) {
                throw new IllegalStateException("the PyTorch peer builds plain max-pooling stages only: " + st);
            }
            stages.add(st.filters() + "x" + st.convolutions() + ":" + Math.round(st.dropout() * 1000));
        }
        return List.of("--stages", String.join(",", stages), "--hidden",
                String.join(",", c.hidden().stream().map(String::valueOf).toList()), "--head-dropout",
                String.valueOf(c.headDropout()));
    }

    static Protocol.Measurement runChild(Route route) throws IOException, InterruptedException {
        ProcessBuilder pb = new ProcessBuilder(route.command()).redirectErrorStream(true);
        pb.environment().putAll(route.env());
        Process p = pb.start();
        byte[] out = p.getInputStream().readAllBytes();
        if (!p.waitFor(10, TimeUnit.MINUTES)) {
            p.destroyForcibly();
            throw new IllegalStateException(route.name() + " did not finish in 10 minutes");
        }
        String text = new String(out, StandardCharsets.UTF_8);
        Protocol.Measurement m = Protocol.Measurement.find(text);
        if (p.exitValue() != 0 || m == null) {
            throw new IllegalStateException(route.name() + " failed (exit " + p.exitValue() + "):\n"
                    + text.substring(Math.max(0, text.length() - 4000)));
        }
        return requireFinite(route.name(), m);
    }

    /**
     * {@code m} if its losses are finite; a side that trained to NaN or infinity measured no real work, so its speed
     * is no figure to compare. (Seen with libtorch 2.7.1 on an AMD VM whose CPUID has no cache-size leaf: its oneDNN
     * miscomputes the backward pass of convolutions whose channels are not a multiple of 16.)
     *
     * @throws IllegalStateException naming the side and its result line otherwise
     */
    static Protocol.Measurement requireFinite(String side, Protocol.Measurement m) {
        if (!Double.isFinite(m.firstLoss()) || !Double.isFinite(m.lastLoss())) {
            throw new IllegalStateException(side + " trained to a non-finite loss (" + m.line() + "): its speed "
                    + "measures no real work, so no ratio is given");
        }
        return m;
    }

    private static double median(List<Protocol.Measurement> ms, java.util.function.ToDoubleFunction<Protocol.Measurement> f) {
        List<Double> v = new ArrayList<>();
        for (Protocol.Measurement m : ms) {
            v.add(f.applyAsDouble(m));
        }
        v.sort(Comparator.naturalOrder());
        return v.get(v.size() / 2);
    }

    /** The markdown report. */
    static String report(Workload workload, List<Route> routes, Map<String, List<Protocol.Measurement>> results,
                         Protocol.Options options, long forwardFlops, double fmaPeak, double sgemm, int cores,
                         List<String> jvmFlags, String layers) {
        double trainGflop = 3.0 * forwardFlops / 1e9;
        StringBuilder s = new StringBuilder();
        String what = switch (workload) {
            case SMALL_CNN -> "conv32-pool-conv64-pool-fc128-fc10";
            case FASHION_CLASSIFIER -> "pigment's ClassifierConfig.small28: " + String.join(" ", peerArgs(workload));
            case COLORIZER -> "pigment's ColorizerConfig.unet64() U-Net, L1: " + String.join(" ", peerArgs(workload));
        };
        s.append(String.format(Locale.ROOT, "Workload %s (%s, %dx%dx%d, %.2f MFLOP per training image), batch %d, "
                        + "Adam; %d cores. PyTorch in float32; pigment's %s.%n", workload, what, workload.height,
                workload.width, workload.channels, trainGflop * 1000, options.batch(), cores, layers));
        s.append(String.format(Locale.ROOT, "FLOP ceiling measured in this run: FMA peak %.1f GFLOP/s (best of 8), "
                + "SGEMM 2048^3 %.1f GFLOP/s (best of 5, %.0f%% of peak).%n", fmaPeak / 1e9, sgemm / 1e9,
                100 * sgemm / fmaPeak));
        s.append(String.format(Locale.ROOT, "Each figure is the median over rounds of the median of %d chunks of "
                + "%d steps after %d warm-up steps; each side in its own JVM (%s).%n%n", options.chunks(),
                options.steps(), options.warmup(),
                jvmFlags.isEmpty() ? "default heap sizing" : String.join(" ", jvmFlags)));
        s.append("| route | training img/s | training GFLOP/s | % of FMA peak | inference img/s | peak RSS MiB "
                + "| loss first -> last |\n|---|---:|---:|---:|---:|---:|---|\n");
        Route bestTorch = null;
        Route bestPigment = null;
        for (Route r : routes) {
            List<Protocol.Measurement> ms = results.get(r.name());
            double train = median(ms, Protocol.Measurement::train);
            s.append(String.format(Locale.ROOT, "| %s | %.0f | %.1f | %.1f%% | %.0f | %.0f | %.3f -> %.3f |%n",
                    r.name(), train, train * trainGflop, 100 * train * trainGflop * 1e9 / fmaPeak,
                    median(ms, Protocol.Measurement::infer), median(ms, m -> m.peakRssMb()),
                    median(ms, Protocol.Measurement::firstLoss), median(ms, Protocol.Measurement::lastLoss)));
            Route best = r.pigment() ? bestPigment : bestTorch;
            if (best == null || train > median(results.get(best.name()), Protocol.Measurement::train)) {
                if (r.pigment()) {
                    bestPigment = r;
                } else {
                    bestTorch = r;
                }
            }
        }
        List<Protocol.Measurement> p = results.get(bestPigment.name());
        List<Protocol.Measurement> t = results.get(bestTorch.name());
        s.append(String.format(Locale.ROOT, "%nRatio pigment/PyTorch (%s vs %s): training %.2fx, inference %.2fx, "
                        + "peak RSS %.2fx.%n", bestPigment.name(), bestTorch.name(),
                median(p, Protocol.Measurement::train) / median(t, Protocol.Measurement::train),
                median(p, Protocol.Measurement::infer) / median(t, Protocol.Measurement::infer),
                median(p, m -> m.peakRssMb()) / median(t, m -> m.peakRssMb())));
        s.append("\nPer round (training img/s):\n");
        for (Route r : routes) {
            s.append("- ").append(r.name()).append(':');
            for (Protocol.Measurement m : results.get(r.name())) {
                s.append(String.format(Locale.ROOT, " %.0f", m.train()));
            }
            s.append('\n');
        }
        return s.toString();
    }
}
