package dev.pigment.models.train;

import dev.pigment.core.AtomicFiles;
import dev.pigment.core.BadInputException;
import dev.pigment.models.io.ModelFile;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.StringReader;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import java.util.zip.ZipOutputStream;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Everything {@link TrainingLoop} needs to continue a run as if it had not stopped, as of the end of an epoch: the
 * weights and the updater state, the epoch and iteration, the learning-rate schedule's position, the epochs' history,
 * the best validation weights and figure, the weight average, the time spent and the budget's measured pace. The data
 * order needs no state: every epoch's order and augmentation are a function of the seed and the epoch, and the loop
 * reseeds ND4J's generator (dropout) from them at every epoch too.
 *
 * <p>Saved as {@code epoch-NNN.state} beside the model checkpoint {@code epoch-NNN.pigment}: a zip archive of
 * {@code loop.properties} and ND4J arrays, written atomically and durably ({@link AtomicFiles}), read back as data
 * only and within bounds ({@link ModelFile#weights}).
 *
 * @param epoch the last epoch done, from 1
 * @param iteration the batches done
 * @param schedule the learning-rate schedule, as re-planned so far
 * @param history the epochs done
 * @param best the best value of the monitored validation figure, or NaN
 * @param bestEpoch the epoch that reached it, or 0
 * @param paceFrom the iteration from which a budget-fitted schedule measures its pace, or {@link Integer#MAX_VALUE}
 * @param paceStart the seconds spent when it began measuring
 * @param seconds the seconds of training spent in all
 * @param finished why the run ended at this epoch, or null if it goes on
 * @param params the network's weights
 * @param updater the updater's state, or null for an updater without one
 * @param bestParams the best epoch's weights, or null where they are not kept
 * @param average the weight average, or null without averaging
 */
record LoopState(int epoch, int iteration, WarmupCosineSchedule schedule, List<EpochStats> history, double best,
                 int bestEpoch, int paceFrom, double paceStart, double seconds, TrainingHistory.StopReason finished,
                 INDArray params, INDArray updater, INDArray bestParams, INDArray average) {
    private static final Pattern STATE = Pattern.compile("epoch-(\\d{3,})\\.state");
    private static final int FORMAT = 1;

    /** The state file of {@code epoch} in {@code dir}. */
    static Path file(Path dir, int epoch) {
        return dir.resolve(String.format("epoch-%03d.state", epoch));
    }

    /** The model checkpoint of {@code epoch} in {@code dir}, written by the model beside the state. */
    static Path modelFile(Path dir, int epoch) {
        return dir.resolve(String.format("epoch-%03d.pigment", epoch));
    }

    /** The epochs that have a state file in {@code dir}, oldest first; none if {@code dir} does not exist. */
    static List<Integer> epochs(Path dir) throws IOException {
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        List<Integer> found = new ArrayList<>();
        try (Stream<Path> s = Files.list(dir)) {
            s.forEach(p -> {
                Matcher m = STATE.matcher(p.getFileName().toString());
                if (m.matches()) {
                    found.add(Integer.parseInt(m.group(1)));
                }
            });
        }
        Collections.sort(found);
        return found;
    }

    /** Deletes the temporary files a killed write left in {@code dir}. */
    static void removeTemporaries(Path dir) throws IOException {
        if (Files.isDirectory(dir)) {
            try (Stream<Path> s = Files.list(dir)) {
                for (Path p : s.filter(AtomicFiles::isTemporary).toList()) {
                    Files.deleteIfExists(p);
                }
            }
        }
    }

    /** Keeps the newest {@code keep} checkpoints (state and model file) in {@code dir}; 0 keeps all, -1 none. */
    static void prune(Path dir, int keep) throws IOException {
        List<Integer> epochs = epochs(dir);
        for (int i = 0; keep != 0 && i < epochs.size() - Math.max(0, keep); i++) {
            Files.deleteIfExists(modelFile(dir, epochs.get(i)));
            Files.deleteIfExists(file(dir, epochs.get(i)));
        }
    }

    /** Writes this state to {@code file}, atomically and durably. */
    void write(Path file) throws IOException {
        Properties p = new Properties();
        p.setProperty("format", Integer.toString(FORMAT));
        p.setProperty("epoch", Integer.toString(epoch));
        p.setProperty("iteration", Integer.toString(iteration));
        p.setProperty("schedule", String.join(",", Double.toString(schedule.getPeak()),
                Integer.toString(schedule.getWarmup()), Integer.toString(schedule.getTotal()),
                Double.toString(schedule.getFinalFraction()), Integer.toString(schedule.getAnchor()),
                Double.toString(schedule.getAnchorProgress())));
        p.setProperty("best", Double.toString(best));
        p.setProperty("bestEpoch", Integer.toString(bestEpoch));
        p.setProperty("paceFrom", Integer.toString(paceFrom));
        p.setProperty("paceStart", Double.toString(paceStart));
        p.setProperty("seconds", Double.toString(seconds));
        p.setProperty("params", Long.toString(params.length()));
        if (finished != null) {
            p.setProperty("finished", finished.name());
        }
        for (EpochStats e : history) {
            String k = "history." + e.epoch() + ".";
            p.setProperty(k + "stats", String.join(",", Double.toString(e.trainLoss()),
                    Double.toString(e.learningRate()), Double.toString(e.seconds()),
                    Double.toString(e.elapsedSeconds()), Long.toString(e.images())));
            e.metrics().forEach((name, v) -> p.setProperty(k + "metric." + name, Double.toString(v)));
        }
        StringWriter text = new StringWriter();
        p.store(text, "pigment training state");
        Map<String, INDArray> arrays = new LinkedHashMap<>();
        arrays.put("params.bin", params);
        arrays.put("updater.bin", updater);
        arrays.put("best.bin", bestParams);
        arrays.put("average.bin", average);
        AtomicFiles.write(file, tmp -> {
            try (OutputStream os = Files.newOutputStream(tmp); ZipOutputStream zip = new ZipOutputStream(os)) {
                zip.putNextEntry(new ZipEntry("loop.properties"));
                zip.write(text.toString().getBytes(StandardCharsets.UTF_8));
                DataOutputStream data = new DataOutputStream(zip);
                for (Map.Entry<String, INDArray> a : arrays.entrySet()) {
                    if (a.getValue() != null) {
                        zip.putNextEntry(new ZipEntry(a.getKey()));
                        Nd4j.write(a.getValue(), data);
                        data.flush();
                    }
                }
                zip.closeEntry();
            }
        });
    }

    /**
     * Reads a state for {@code net} (whose weight count and updater it must fit).
     *
     * @throws BadInputException naming the file if it is not a state of this pigment for this network
     */
    static LoopState read(Path file, ComputationGraph net) throws IOException {
        long length = net.numParams();
        try (ZipFile zip = new ZipFile(file.toFile())) {
            for (ZipEntry e : Collections.list(zip.entries())) {
                if (!List.of("loop.properties", "params.bin", "updater.bin", "best.bin", "average.bin")
                        .contains(e.getName())) {
                    throw new BadInputException(file, "holds the entry \"" + e.getName() + "\", which pigment does"
                            + " not write; refused without reading it");
                }
            }
            ZipEntry props = zip.getEntry("loop.properties");
            if (props == null) {
                throw new BadInputException(file, "is not a pigment training state (no loop.properties)");
            }
            Properties p = new Properties();
            p.load(new StringReader(new String(ModelFile.bytes(file, zip, props, ModelFile.MAX_METADATA_BYTES),
                    StandardCharsets.UTF_8)));
            if (!Integer.toString(FORMAT).equals(p.getProperty("format"))) {
                throw new BadInputException(file, "training state format " + p.getProperty("format") + ", this"
                        + " pigment reads " + FORMAT);
            }
            if (Long.parseLong(p.getProperty("params", "-1")) != length) {
                throw new BadInputException(file, "is the state of a network of " + p.getProperty("params")
                        + " weights; this one has " + length + " (another model or configuration?)");
            }
            String[] sc = p.getProperty("schedule").split(",");
            WarmupCosineSchedule schedule = new WarmupCosineSchedule(Double.parseDouble(sc[0]),
                    Integer.parseInt(sc[1]), Integer.parseInt(sc[2]), Double.parseDouble(sc[3]),
                    Integer.parseInt(sc[4]), Double.parseDouble(sc[5]));
            int epoch = Integer.parseInt(p.getProperty("epoch"));
            List<EpochStats> history = new ArrayList<>();
            for (int e = 1; e <= epoch; e++) {
                String k = "history." + e + ".";
                String stats = p.getProperty(k + "stats");
                if (stats == null) {
                    continue;
                }
                String[] f = stats.split(",");
                Map<String, Double> metrics = new LinkedHashMap<>();
                for (String name : p.stringPropertyNames()) {
                    if (name.startsWith(k + "metric.")) {
                        metrics.put(name.substring((k + "metric.").length()), Double.parseDouble(p.getProperty(name)));
                    }
                }
                history.add(new EpochStats(e, Double.parseDouble(f[0]), metrics, Double.parseDouble(f[1]),
                        Double.parseDouble(f[2]), Double.parseDouble(f[3]), Long.parseLong(f[4])));
            }
            INDArray view = net.getUpdater().getStateViewArray();
            INDArray updater = zip.getEntry("updater.bin") == null || view == null ? null
                    : ModelFile.weights(file, zip, "updater.bin", view.length());
            String finished = p.getProperty("finished");
            return new LoopState(epoch, Integer.parseInt(p.getProperty("iteration")), schedule, history,
                    Double.parseDouble(p.getProperty("best")), Integer.parseInt(p.getProperty("bestEpoch")),
                    Integer.parseInt(p.getProperty("paceFrom")), Double.parseDouble(p.getProperty("paceStart")),
                    Double.parseDouble(p.getProperty("seconds")),
                    finished == null ? null : TrainingHistory.StopReason.valueOf(finished),
                    ModelFile.weights(file, zip, "params.bin", length), updater,
                    zip.getEntry("best.bin") == null ? null : ModelFile.weights(file, zip, "best.bin", length),
                    zip.getEntry("average.bin") == null ? null : ModelFile.weights(file, zip, "average.bin", length));
        } catch (BadInputException e) {
            throw e;
        } catch (IOException | RuntimeException e) {
            throw new BadInputException(file, "is not a readable pigment training state (" + e + ")", e);
        }
    }

    @Override
    public String toString() {
        return String.format(Locale.ROOT, "state after epoch %d (iteration %d, %.1f s)", epoch, iteration, seconds);
    }
}
