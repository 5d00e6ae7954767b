package dev.pigment.cli.job;

import dev.pigment.core.BadFilePolicy;
import dev.pigment.core.InputSpec;
import dev.pigment.core.Loaded;
import dev.pigment.core.image.Bitmap;
import dev.pigment.core.image.ImageFiles;
import dev.pigment.core.metrics.Baselines;
import dev.pigment.core.metrics.ColorizationReport;
import dev.pigment.core.metrics.ColorizationScores;
import dev.pigment.core.source.PhotoSet;
import dev.pigment.models.TestTimeAugmentation;
import dev.pigment.models.colorizer.Colorizer;
import dev.pigment.models.colorizer.ColorizerConfig;
import dev.pigment.models.colorizer.ColorizerConfig.Head;
import dev.pigment.models.colorizer.Crops;
import dev.pigment.models.train.ProgressListener;
import dev.pigment.models.train.Training;
import dev.pigment.models.train.TrainingHistory;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.stream.IntStream;

/**
 * Trains pigment's colorizer on the photographs shipped in Debian packages ({@link DebianPhotos}) — by default
 * one U-Net with the L2 regression head (or a deep ensemble of them, {@code members}), optionally also the
 * classification head over a*b* cells on the same data — and evaluates it on photos held out whole, against the
 * gray (a* = b* = 0) and training-mean-colour baselines. Writes to the output folder:
 * {@code colorizer-regression.pigment} (and
 * {@code colorizer-classification.pigment}), {@code report.txt} (all metrics), {@code held-out.png} (per photo, up to
 * four per source when there are several: gray, each head, original) and the training curves of each head's first member.
 *
 * <pre>pigment train-colorizer --out out/colorizer</pre>
 */
public final class ColorizerJob {
    /** Ensemble members by default: see docs/colorizer.md for the runs that chose it. */
    public static final int DEFAULT_MEMBERS = 1;

    /** Default settings: the run measured in the README. */
    public record Options(Path photos, Path outDir, List<Head> heads, int epochs, int cropsPerEpoch, int cropSize,
                          int batchSize,
                          long seed, double heldOut, int folds, double maxSeconds, double weightDecay,
                          ColorizerConfig.Loss loss, List<Integer> widths, List<Double> temperatures,
                          boolean flipAveraging, double averaging, int members, List<String> sources, boolean resume,
                          double minZoom, double maxZoom, int workingSide, ProgressListener progress) {
        public Options {
            heads = List.copyOf(heads);
            Objects.requireNonNull(loss, "loss");
            sources = List.copyOf(sources);
            DebianPhotos.sources(sources);
            widths = List.copyOf(widths);
            temperatures = List.copyOf(temperatures);
            if (heads.isEmpty()) {
                throw new IllegalArgumentException("--heads: name at least one of regression, classification");
            }
            if (members < 1 || members > 16) {
                throw new IllegalArgumentException("--members must be in 1..16, got " + members);
            }
            if (!(heldOut > 0 && heldOut < 1)) {
                throw new IllegalArgumentException("--held-out must be in (0, 1), got " + heldOut);
            }
            Colorizer.requireWorkingSide("--working-side", workingSide, ColorizerConfig.sizeMultiple(widths.size()),
                    " for " + widths.size() + " levels");
            if (!(minZoom >= 1 && minZoom <= maxZoom && maxZoom <= 16)) {
                throw new IllegalArgumentException("--zoom: need 1 <= MIN <= MAX <= 16, got " + minZoom + ","
                        + maxZoom);
            }
        }

        public static Options defaults() {
            ColorizerConfig model = ColorizerConfig.unet64().seed(0).build();
            return new Options(null, Path.of("out/colorizer"), List.of(Head.REGRESSION), 6, 2048,
                    model.input().height(), 32, 42, 0.2, 0, 0, ColorizerConfig.DEFAULT_WEIGHT_DECAY, model.loss(),
                    model.widths(),
                    List.of(), false, 0, DEFAULT_MEMBERS, DebianPhotos.WALLPAPERS, false,
                    Crops.DEFAULT.minZoom(), Crops.DEFAULT.maxZoom(), model.workingSide(),
                    ProgressListener.printing(System.out, 25));
        }

        /** A small run on {@code photos}: both heads, ensembles of two, the given epochs and crops, batches of 16. */
        public Options small(Path photoDir, Path out, int newEpochs, int crops) {
            return new Options(photoDir, out, List.of(Head.REGRESSION, Head.CLASSIFICATION), newEpochs, crops,
                    cropSize, 16, seed, heldOut, folds, maxSeconds, weightDecay, loss, widths, temperatures,
                    flipAveraging, averaging, 2, sources, resume, minZoom, maxZoom, workingSide, progress);
        }
    }

    /**
     * What the example produced.
     *
     * @param report every method's scores on the held-out photos (gray, mean colour, each head)
     * @param histories each head's training
     * @param models each head's model file
     * @param text the text report
     * @param grid the PNG grid of the held-out photos (up to four per source when there are several)
     * @param heldOut the held-out photo files, in the order of the report's images
     */
    public record Result(ColorizationReport report, Map<Head, TrainingHistory> histories, Map<Head, Path> models,
                         Path text, Path grid, List<Path> heldOut) {
        public Result {
            heldOut = List.copyOf(heldOut);
        }
    }

    /** Method names in the report. */
    public static final String GRAY = "gray (a*b* = 0)";
    public static final String MEAN = "training mean a*b*";
    /** Suffix of a head's method name when decoded with flip averaging. */
    static final String FLIPPED = ", flip-averaged";

    private ColorizerJob() {
    }

    /** The {@code --sources} option: source names separated by commas, or {@code all}. */
    public static List<String> sources(String option, List<String> fallback) {
        if (option == null) {
            return fallback;
        }
        if (option.trim().equals("all")) {
            return DebianPhotos.SOURCES.stream().map(DebianPhotos.Source::name).toList();
        }
        List<String> names = Arrays.stream(option.split(",")).map(String::trim).filter(n -> !n.isEmpty()).toList();
        if (names.isEmpty()) {
            throw new IllegalArgumentException("--sources: name at least one source, or all");
        }
        return names;
    }

    /** Method name of the classification head decoded at another temperature. */
    static String temperatureName(double t) {
        return String.format(java.util.Locale.ROOT, "%s T=%.2f", name(Head.CLASSIFICATION), t);
    }

    /** Method name of a head in the report. */
    public static String name(Head head) {
        return "pigment " + head.name().toLowerCase(java.util.Locale.ROOT);
    }

    public static Result run(Options o) throws IOException {
        Map<Path, String> sourceOf = new LinkedHashMap<>();
        if (o.photos() == null) {
            // photographs inside archives are extracted next to the run's outputs
            sourceOf.putAll(DebianPhotos.files(DebianPhotos.ROOT, DebianPhotos.sources(o.sources()),
                    o.outDir().resolve("photos")));
        } else {
            String name = java.util.Objects.toString(o.photos().getFileName(), o.photos().toString());
            ImageFiles.list(o.photos()).forEach(f -> sourceOf.put(f, name));
        }
        Loaded<PhotoSet> loaded = PhotoSet.load(List.copyOf(sourceOf.keySet()),
                PhotoSet.Options.defaults().withPolicy(BadFilePolicy.SKIP));
        System.out.println("photos: " + loaded.report());
        PhotoSet all = loaded.data();
        List<PhotoSet.Parts> splits = o.folds() > 1 ? all.folds(o.folds(), o.seed())
                : List.of(all.split(o.heldOut(), o.seed()));
        Files.createDirectories(o.outDir());

        List<Bitmap> evaluated = new ArrayList<>();
        List<Path> evaluatedFiles = new ArrayList<>();
        Map<String, List<Bitmap>> outputs = new LinkedHashMap<>();
        outputs.put(GRAY, new ArrayList<>());
        outputs.put(MEAN, new ArrayList<>());
        o.heads().forEach(h -> outputs.put(name(h), new ArrayList<>()));
        if (o.flipAveraging()) {
            o.heads().forEach(h -> outputs.put(name(h) + FLIPPED, new ArrayList<>()));
        }
        if (o.heads().contains(Head.CLASSIFICATION)) {
            o.temperatures().forEach(t -> outputs.put(temperatureName(t), new ArrayList<>()));
        }
        Map<Head, TrainingHistory> histories = new LinkedHashMap<>();
        Map<Head, Path> models = new LinkedHashMap<>();
        StringBuilder log = new StringBuilder();
        for (int f = 0; f < splits.size(); f++) {
            PhotoSet train = splits.get(f).train();
            PhotoSet heldOut = splits.get(f).test();
            if (train.size() == 0 || heldOut.size() == 0) {
                throw new IllegalArgumentException("need photos on both sides of the split, got " + train.size()
                        + " training and " + heldOut.size() + " held out of " + all.size());
            }
            String part = splits.size() > 1 ? String.format("fold %d of %d: ", f + 1, splits.size()) : "";
            System.out.printf("%s%d training photos, %d held out whole%n", part, train.size(), heldOut.size());
            evaluated.addAll(heldOut.photos());
            for (int i = 0; i < heldOut.size(); i++) {
                evaluatedFiles.add(heldOut.file(i));
            }
            outputs.get(GRAY).addAll(heldOut.photos().stream().map(Baselines::gray).toList());
            double[] mean = Baselines.meanAb(train.photos());
            outputs.get(MEAN).addAll(heldOut.photos().stream().map(p -> Baselines.constantAb(p, mean[0], mean[1]))
                    .toList());
            for (Head head : o.heads()) {
                // the held-out photos are scored after each epoch for the curves; nothing is chosen by them
                String run = splits.size() > 1 ? "fold-" + (f + 1) : "split";
                Colorizer.TrainedEnsemble trained = train(o, head, train, heldOut, part, run, log, f == 0);
                Colorizer colorizer = trained.colorizer();
                TrainingHistory history = trained.histories().get(0);
                outputs.get(name(head)).addAll(colorizer.colorize(heldOut.photos(), 8));
                if (o.flipAveraging()) {
                    outputs.get(name(head) + FLIPPED).addAll(colorizer.colorize(heldOut.photos(), 8,
                            TestTimeAugmentation.HORIZONTAL_FLIP));
                }
                if (head == Head.CLASSIFICATION) {
                    for (double t : o.temperatures()) {
                        outputs.get(temperatureName(t)).addAll(colorizer.withTemperature(t).colorize(heldOut.photos(),
                                8));
                    }
                }
                if (splits.size() == 1) {
                    histories.put(head, history);
                    models.put(head, save(colorizer, history, head, o));
                }
            }
        }
        if (splits.size() > 1) {
            // the saved models learn from every photo; the scores above are the cross-validated ones
            for (Head head : o.heads()) {
                Colorizer.TrainedEnsemble trained = train(o, head, all, null, "on all photos (the saved model): ",
                        "all", log, false);
                histories.put(head, trained.histories().get(0));
                models.put(head, save(trained.colorizer(), trained.histories().get(0), head, o));
            }
        }
        ColorizationReport report = ColorizationReport.of(evaluated, outputs);
        StringBuilder text = new StringBuilder();
        text.append(String.format("colorizer on %d photos, %s; %d epochs of %d crops per model%n", all.size(),
                splits.size() > 1 ? splits.size() + "-fold cross-validation (every photo held out once)"
                        : evaluated.size() + " held out whole", o.epochs(), o.cropsPerEpoch()));
        text.append(log);
        text.append(report.text());
        List<String> sources = evaluatedFiles.stream().map(sourceOf::get).toList();
        String bySource = perSource(evaluated, outputs, sources);
        text.append(bySource);
        text.append("held-out photos:\n");
        for (int i = 0; i < evaluatedFiles.size(); i++) {
            text.append(String.format("  photo %2d: %s (%s)%n", i + 1, evaluatedFiles.get(i), sources.get(i)));
        }
        Path textFile = o.outDir().resolve("report.txt");
        dev.pigment.core.AtomicFiles.write(textFile, tmp -> Files.writeString(tmp, text));
        List<String> columns = new ArrayList<>();
        columns.add(GRAY);
        o.heads().forEach(h -> columns.add(name(h)));
        Path grid = o.outDir().resolve("held-out.png");
        ImageFiles.write(gridSample(evaluated, outputs, sources).grid(columns, 144, 256), grid);
        System.out.print(report.text());
        System.out.print(bySource);
        System.out.printf("models %s, report %s, grid %s%n", models.values(), textFile, grid);
        return new Result(report, histories, models, textFile, grid, evaluatedFiles);
    }

    /** Photos per source in the grid of held-out photos. */
    static final int GRID_PER_SOURCE = 4;

    /**
     * Every method's pooled PSNR (and its gain over gray), AuC and colourfulness on the held-out photos of each
     * source, one line per method, when there are photos from more than one source.
     */
    static String perSource(List<Bitmap> originals, Map<String, List<Bitmap>> outputs, List<String> sources) {
        List<String> names = sources.stream().distinct().toList();
        if (names.size() < 2) {
            return "";
        }
        StringBuilder sb = new StringBuilder("by source (PSNR dB, its gain over gray, AuC, colourfulness):\n");
        for (String source : names) {
            List<Integer> rows = IntStream.range(0, sources.size()).filter(i -> sources.get(i).equals(source))
                    .boxed().toList();
            ColorizationReport r = subset(originals, outputs, rows);
            double gray = r.scores(GRAY).psnr();
            sb.append(String.format("  %s, %d photos (originals' colourfulness %.1f)%n", source, rows.size(),
                    r.scores(GRAY).originalColourfulness()));
            r.scores().forEach((method, sc) -> sb.append(String.format("    %-40s %6.2f %+6.2f %7.4f %5.1f (%3.0f%%)%n",
                    method, sc.psnr(), sc.psnr() - gray, sc.auc(), sc.colourfulness(),
                    100 * sc.colourfulnessRatio())));
        }
        return sb.toString();
    }

    /**
     * The report for the PNG grid: every held-out photo from one source; from several, the first
     * {@link #GRID_PER_SOURCE} of each.
     */
    private static ColorizationReport gridSample(List<Bitmap> originals, Map<String, List<Bitmap>> outputs,
                                                 List<String> sources) {
        if (sources.stream().distinct().count() < 2) {
            return ColorizationReport.of(originals, outputs);
        }
        Map<String, Integer> taken = new HashMap<>();
        List<Integer> rows = IntStream.range(0, sources.size())
                .filter(i -> taken.merge(sources.get(i), 1, Integer::sum) <= GRID_PER_SOURCE).boxed().toList();
        return subset(originals, outputs, rows);
    }

    private static ColorizationReport subset(List<Bitmap> originals, Map<String, List<Bitmap>> outputs,
                                             List<Integer> rows) {
        Map<String, List<Bitmap>> picked = new LinkedHashMap<>();
        outputs.forEach((method, list) -> picked.put(method, rows.stream().map(list::get).toList()));
        return ColorizationReport.of(rows.stream().map(originals::get).toList(), picked);
    }

    /**
     * Trains {@code o.members()} colorizers of {@code head} ({@link Colorizer#trainEnsemble}), logs each and, when
     * asked, prints the network's summary. Every epoch is checkpointed under
     * {@code OUT/checkpoints/<head>-<run>} (a member's under its own folder there), so that a killed run can go on
     * with {@link Options#resume()}.
     */
    private static Colorizer.TrainedEnsemble train(Options o, Head head, PhotoSet train, PhotoSet validation,
                                                   String part, String run, StringBuilder log, boolean printSummary)
            throws IOException {
        ColorizerConfig config = config(o, head);
        Path checkpoints = o.outDir().resolve("checkpoints").resolve(head.name().toLowerCase(java.util.Locale.ROOT)
                + "-" + run);
        Colorizer.TrainedEnsemble trained = Colorizer.trainEnsemble(config, o.members(), train, validation,
                training(o, checkpoints), new Crops(o.cropsPerEpoch(), o.minZoom(), o.maxZoom(), true));
        if (printSummary) {
            System.out.print(config.summary(trained.colorizer().head()));
        }
        for (int m = 0; m < o.members(); m++) {
            TrainingHistory history = trained.histories().get(m);
            log.append(String.format("%s%s%s: %d training photos, %.1f s of training%n", part, name(head),
                    o.members() > 1 ? String.format(" member %d of %d", m + 1, o.members()) : "", train.size(),
                    history.seconds()));
            history.epochs().forEach(e -> log.append("  ").append(e).append('\n'));
        }
        return trained;
    }

    private static ColorizerConfig config(Options o, Head head) {
        InputSpec crop = ColorizerConfig.unet64().seed(0).build().input();
        ColorizerConfig c = ColorizerConfig.builder(new InputSpec(o.cropSize(), o.cropSize(), crop.colorSpace(),
                        crop.normalization(), crop.format())).head(head).widths(o.widths().toArray(Integer[]::new))
                .loss(head == Head.REGRESSION ? o.loss() : ColorizerConfig.DEFAULT_LOSS).workingSide(o.workingSide())
                .seed(o.seed()).build();
        return c.toBuilder().optimizer(c.optimizer().withWeightDecay(o.weightDecay())).build();
    }

    private static Training training(Options o, Path checkpoints) {
        Training.Builder t = Training.builder(o.epochs(), o.seed()).batchSize(o.batchSize()).warmupEpochs(0.5)
                .restoreBest(false).averaging(o.averaging()).progress(o.progress())
                .checkpoints(checkpoints, 1).keepCheckpoints(2).resume(o.resume());
        if (o.maxSeconds() > 0) {
            // the schedule completes within the budget, as the classifier's does; the epochs become an upper bound
            t.maxSeconds(o.maxSeconds()).scheduleToBudget(true);
        }
        return t.build();
    }

    private static Path save(Colorizer colorizer, TrainingHistory history, Head head, Options o) throws IOException {
        String key = head.name().toLowerCase(java.util.Locale.ROOT);
        Path model = o.outDir().resolve("colorizer-" + key + ".pigment");
        // with --flip-averaging the model's own prediction path is the one scored with it
        (o.flipAveraging() ? colorizer.withTestTimeAugmentation(TestTimeAugmentation.HORIZONTAL_FLIP) : colorizer)
                .save(model);
        Plots.trainingCurves(history, name(head), head == Head.REGRESSION ? o.loss() + " of a*b*/110" : "cross-entropy",
                List.of("psnr", "auc", "colourfulness"), o.outDir().resolve("curves-" + key + ".png"));
        return model;
    }

    /** The scores of {@code head} in a result. */
    static ColorizationScores scores(Result r, Head head) {
        return r.report().scores(name(head));
    }
}
