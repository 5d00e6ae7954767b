package dev.pigment.benchmarks;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import org.openjdk.jmh.results.Result;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.options.ChainedOptionsBuilder;
import org.openjdk.jmh.runner.options.OptionsBuilder;

/**
 * Runs {@link TrainingBenchmark} and {@link CeilingBenchmark} in one JMH run and prints a table: training and
 * inference images/s, GFLOP/s and the share of the FMA peak measured in the same run.
 *
 * <pre>
 * ./mvnw -q -pl benchmarks -am package -DskipTests
 * java -cp benchmarks/target/benchmarks.jar dev.pigment.benchmarks.EngineReport [ENGINE,...] [BATCH,...]
 * </pre>
 *
 * Engines default to all of {@link EngineVariant}, batches to B128.
 */
public final class EngineReport {
    private EngineReport() {
    }

    public static void main(String[] args) throws Exception {
        String engines = args.length > 0 ? args[0] : String.join(",", names(EngineVariant.values()));
        String batches = args.length > 1 ? args[1] : "B128";
        ChainedOptionsBuilder options = new OptionsBuilder()
                .include(TrainingBenchmark.class.getSimpleName())
                .include(CeilingBenchmark.class.getSimpleName())
                .param("engine", engines.split(","))
                .param("batch", batches.split(","));
        Collection<RunResult> results = new Runner(options.build()).run();
        System.out.println();
        System.out.println(table(results));
    }

    private static List<String> names(Enum<?>[] values) {
        List<String> names = new ArrayList<>();
        for (Enum<?> v : values) {
            names.add(v.name());
        }
        return names;
    }

    private static double secondary(RunResult r, String name) {
        Result<?> result = r.getSecondaryResults().get(name);
        return result == null ? Double.NaN : result.getScore();
    }

    /** The report as a markdown table. */
    static String table(Collection<RunResult> results) {
        double peak = Double.NaN;
        double sgemm = Double.NaN;
        for (RunResult r : results) {
            String method = r.getParams().getBenchmark();
            if (method.endsWith("CeilingBenchmark.fmaPeak")) {
                peak = secondary(r, "gflop");
            } else if (method.endsWith("CeilingBenchmark.sgemm")) {
                sgemm = secondary(r, "gflop");
            }
        }
        StringBuilder out = new StringBuilder();
        out.append(String.format(Locale.ROOT, "FLOP ceiling: FMA peak %.1f GFLOP/s on %d cores; SGEMM 2048^3 %.1f "
                + "GFLOP/s (%.0f%% of peak)%n%n", peak, Runtime.getRuntime().availableProcessors(), sgemm,
                100 * sgemm / peak));
        out.append("| workload | engine | batch | phase | img/s | GFLOP/s | % of FMA peak |\n");
        out.append("|---|---|---|---|---:|---:|---:|\n");
        for (RunResult r : results) {
            String method = r.getParams().getBenchmark();
            if (!method.contains("TrainingBenchmark")) {
                continue;
            }
            double gflops = secondary(r, "gflop");
            out.append(String.format(Locale.ROOT, "| %s | %s | %s | %s | %.0f | %.1f | %.1f%% |%n",
                    r.getParams().getParam("workload"), r.getParams().getParam("engine"),
                    r.getParams().getParam("batch"), method.substring(method.lastIndexOf('.') + 1),
                    secondary(r, "images"), gflops, 100 * gflops / peak));
        }
        return out.toString();
    }
}
