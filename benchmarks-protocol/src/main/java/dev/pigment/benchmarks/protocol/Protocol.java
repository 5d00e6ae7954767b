package dev.pigment.benchmarks.protocol;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * How both sides of the side-by-side benchmark time themselves and report, so that their figures compare: a
 * training (or inference) step is run {@code warmup} times untimed, then in {@code chunks} chunks of {@code steps}
 * steps; the figure is the median chunk's images per second. Each side prints one {@link Measurement#line()}, and
 * its peak resident memory is the kernel's {@code VmHWM} of its own process.
 */
public final class Protocol {
    private Protocol() {
    }

    /**
     * The timing options.
     *
     * @param batch images per step
     * @param warmup untimed steps first
     * @param chunks timed chunks
     * @param steps steps per chunk
     */
    public record Options(int batch, int warmup, int chunks, int steps) {
        public Options {
            if (batch < 1 || warmup < 0 || chunks < 1 || steps < 1) {
                throw new IllegalArgumentException("need batch, chunks, steps >= 1 and warmup >= 0, got " + batch
                        + ", " + warmup + ", " + chunks + ", " + steps);
            }
        }

        /**
         * Batch 128, 200 warm-up steps, 7 chunks of 20 steps. The warm-up is long because the JIT keeps compiling
         * DL4J's Java side for several seconds (with 20 steps pigment measured 20-30% below its steady state).
         */
        public static Options defaults() {
            return new Options(128, 200, 7, 20);
        }

        /** Reads {@code --batch}, {@code --warmup}, {@code --chunks}, {@code --steps}; other options are returned. */
        public static Options parse(List<String> args, List<String> others) {
            Options o = defaults();
            int batch = o.batch;
            int warmup = o.warmup;
            int chunks = o.chunks;
            int steps = o.steps;
            for (int i = 0; i < args.size(); i++) {
                String a = args.get(i);
                boolean ours = a.equals("--batch") || a.equals("--warmup") || a.equals("--chunks")
                        || a.equals("--steps");
                if (!ours) {
                    others.add(a);
                    continue;
                }
                if (i + 1 >= args.size()) {
                    throw new IllegalArgumentException(a + " needs a value");
                }
                int value;
                try {
                    value = Integer.parseInt(args.get(++i));
                } catch (NumberFormatException e) {
                    throw new IllegalArgumentException(a + " must be an integer, got '" + args.get(i) + "'");
                }
                switch (a) {
                    case "--batch" -> batch = value;
                    case "--warmup" -> warmup = value;
                    case "--chunks" -> chunks = value;
                    default -> steps = value;
                }
            }
            return new Options(batch, warmup, chunks, steps);
        }

        /** These options as command-line arguments. */
        public List<String> toArgs() {
            return List.of("--batch", String.valueOf(batch), "--warmup", String.valueOf(warmup), "--chunks",
                    String.valueOf(chunks), "--steps", String.valueOf(steps));
        }
    }

    /** Images per second of the median chunk of {@code step}, after the warm-up. */
    public static double medianRate(Runnable step, Options o) {
        for (int i = 0; i < o.warmup(); i++) {
            step.run();
        }
        List<Double> rates = new ArrayList<>();
        for (int c = 0; c < o.chunks(); c++) {
            long t0 = System.nanoTime();
            for (int i = 0; i < o.steps(); i++) {
                step.run();
            }
            rates.add(o.steps() * (double) o.batch() / ((System.nanoTime() - t0) / 1e9));
        }
        Collections.sort(rates);
        return rates.get(rates.size() / 2);
    }

    /** This process's peak resident memory (VmHWM) in MiB, or -1 where {@code /proc} is unavailable. */
    public static long peakRssMb() {
        Path status = Path.of("/proc/self/status");
        try {
            for (String line : Files.readAllLines(status)) {
                if (line.startsWith("VmHWM:")) {
                    return Long.parseLong(line.replaceAll("[^0-9]", "")) / 1024;
                }
            }
        } catch (IOException | RuntimeException e) {
            return -1;
        }
        return -1;
    }

    /**
     * What one side measured.
     *
     * @param train training images per second
     * @param infer inference images per second
     * @param firstLoss loss at the first training step
     * @param lastLoss loss after the timed training steps
     * @param peakRssMb peak resident memory of the process, MiB
     */
    public record Measurement(double train, double infer, double firstLoss, double lastLoss, long peakRssMb) {
        private static final String PREFIX = "RESULT ";

        /** One line: {@code RESULT train=… infer=… loss_first=… loss_last=… peak_rss_mb=…}. */
        public String line() {
            return String.format(Locale.ROOT, PREFIX + "train=%.1f infer=%.1f loss_first=%.4f loss_last=%.4f "
                    + "peak_rss_mb=%d", train, infer, firstLoss, lastLoss, peakRssMb);
        }

        /** The measurement in a process's output, or {@code null} if it printed no result line. */
        public static Measurement find(String output) {
            for (String line : output.split("\n")) {
                if (line.startsWith(PREFIX)) {
                    Map<String, String> kv = new TreeMap<>();
                    for (String part : line.substring(PREFIX.length()).trim().split("\\s+")) {
                        String[] pair = part.split("=", 2);
                        kv.put(pair[0], pair[1]);
                    }
                    return new Measurement(Double.parseDouble(kv.get("train")), Double.parseDouble(kv.get("infer")),
                            Double.parseDouble(kv.get("loss_first")), Double.parseDouble(kv.get("loss_last")),
                            Long.parseLong(kv.get("peak_rss_mb")));
                }
            }
            return null;
        }
    }
}
