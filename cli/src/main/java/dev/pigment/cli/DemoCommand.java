package dev.pigment.cli;

import dev.pigment.cli.job.ClassifierJob;
import dev.pigment.cli.job.ColorizerJob;
import dev.pigment.cli.job.DebianPhotos;
import dev.pigment.cli.job.FashionMnistJob;
import dev.pigment.cli.report.DemoReport;
import dev.pigment.cli.view.Tiles;
import dev.pigment.cli.view.TsneMap;
import dev.pigment.core.BadInputException;
import dev.pigment.core.image.Bitmap;
import dev.pigment.core.image.ImageFiles;
import dev.pigment.core.metrics.Baselines;
import dev.pigment.core.source.FashionMnist;
import dev.pigment.core.source.LabelledImages;
import dev.pigment.core.embed.Tsne;
import dev.pigment.core.source.Synthetic;
import dev.pigment.models.classifier.Classifier;
import dev.pigment.models.classifier.ClassifierConfig;
import dev.pigment.models.classifier.Prediction;
import dev.pigment.models.inspect.FeatureMap;
import dev.pigment.models.colorizer.Colorizer;
import dev.pigment.models.colorizer.ColorizerConfig.Head;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;

/** {@code pigment demo}: both halves of pigment on the Debian data, and a report of them. */
@Command(name = "demo", mixinStandardHelpOptions = true,
        description = "The main job: train the default classifier on Fashion-MNIST within a time budget and "
                + "evaluate it on the 10,000 test images; train a colorizer on the Debian wallpapers, score it on "
                + "held-out photos against the gray and mean-colour baselines and colorize them at full resolution; "
                + "then write a report (OUT/report/index.html, with history.csv and metrics.json). Without the "
                + "Debian data packages, it runs on data pigment draws itself, and says so.",
        footer = {"", "Examples:", "  pigment demo", "  pigment demo --classifier-seconds 120 --colorizer-seconds 60",
            "  pigment demo --resume              # after a killed run",
            "  pigment demo --generated --classifier-seconds 30 --colorizer-seconds 30   # no Debian data needed"})
final class DemoCommand extends Task {
    /** The colorizer's epochs at most: its schedule is fitted to its time budget, which ends it sooner. */
    static final int COLORIZER_EPOCHS = 30;

    /** Held-out photos colorized at full resolution for the report, at most. */
    static final int TRIPTYCHS = 6;

    /** Generated data, when the Debian packages are missing: training and test shapes, scenes. */
    static final int GENERATED_TRAIN = 20_000;
    static final int GENERATED_TEST = 4_000;
    static final int GENERATED_SCENES = 40;

    /** Test images on the report's t-SNE map; misclassified ones whose saliency it shows. */
    static final int MAP_POINTS = 1000;
    static final int SALIENT = 8;

    @Option(names = "--out", defaultValue = "out", paramLabel = "DIR", description = "Default: ${DEFAULT-VALUE}.")
    Path out;

    @Option(names = "--classifier-seconds", defaultValue = "590", paramLabel = "S", description = "The classifier's "
            + "training budget. Default: ${DEFAULT-VALUE}.")
    double classifierSeconds;

    @Option(names = "--colorizer-seconds", defaultValue = "150", paramLabel = "S", description = "The colorizer's "
            + "training budget. Default: ${DEFAULT-VALUE}.")
    double colorizerSeconds;

    @Option(names = "--seed", defaultValue = "42", description = "Default: ${DEFAULT-VALUE}.")
    long seed;

    @Option(names = "--resume", description = "Continue a killed run from the newest checkpoints of its models.")
    boolean resume;

    @Option(names = "--generated", description = "Use data pigment draws (shapes and scenes) even where the Debian "
            + "packages are installed.")
    boolean generated;

    @Override
    void work() throws Exception {
        if (!(classifierSeconds > 0) || !(colorizerSeconds > 0)) {
            throw new ParameterException(spec.commandLine(), "the time budgets must be above 0");
        }
        Instant started = Instant.now();
        List<String> notes = new ArrayList<>();
        boolean anyGenerated = false;

        // the classifier: Fashion-MNIST from its Debian package, or drawn shapes
        String missingFashion = generated ? null : missing(FashionMnist.DEBIAN_DIR);
        LabelledImages train;
        LabelledImages test;
        String title;
        if (generated || missingFashion != null) {
            anyGenerated = true;
            train = Synthetic.shapes(GENERATED_TRAIN, 28, seed);
            test = Synthetic.shapes(GENERATED_TEST, 28, seed + 1);
            title = "generated shapes";
            notes.add(fallback("Fashion-MNIST", missingFashion) + String.format(Locale.ROOT, "classifier trained on "
                    + "%,d shapes of %d classes that pigment drew, tested on %,d more.", train.size(),
                    train.numClasses(), test.size()));
        } else {
            train = FashionMnist.train(FashionMnist.DEBIAN_DIR);
            test = FashionMnist.test(FashionMnist.DEBIAN_DIR);
            title = "Fashion-MNIST";
            notes.add("Classifier: Fashion-MNIST (Zalando, MIT licence) from the Debian package dataset-fashion-mnist, "
                    + FashionMnist.DEBIAN_DIR + ": 55,000 training, 5,000 validation, 10,000 test images.");
        }
        note(step("the classifier, " + title + ", " + seconds(classifierSeconds)));
        FashionMnistJob.Options d = FashionMnistJob.Options.defaults();
        Path classifierOut = out.resolve(anyGenerated ? "shapes" : "fashion-mnist");
        FashionMnistJob.Options classifierOptions = new FashionMnistJob.Options(d.dataDir(), classifierOut,
                d.epochs(), d.batchSize(), seed, classifierSeconds, d.labelSmoothing(), d.erasing(), d.shift(),
                d.weightDecay(), d.validationSize(), d.trainLimit(), d.testLimit(), d.maxImages(), resume, progress());
        ClassifierJob.Result classifier = FashionMnistJob.run(classifierOptions, title, train, test);
        Classifier saved = Classifier.load(classifier.model());

        // the colorizer: the wallpapers of the Debian packages, or drawn scenes
        Path photos = null;
        String missingPhotos = null;
        if (!generated) {
            try {
                DebianPhotos.files(DebianPhotos.ROOT, DebianPhotos.sources(DebianPhotos.WALLPAPERS), null);
            } catch (BadInputException e) {
                missingPhotos = e.getMessage();
            }
        }
        if (generated || missingPhotos != null) {
            anyGenerated = true;
            photos = scenes(out.resolve("generated-photos"));
            notes.add(fallback("The wallpaper photos", missingPhotos) + "colorizer trained on " + GENERATED_SCENES
                    + " scenes pigment drew (" + photos + ").");
        } else {
            notes.add("Colorizer: the 34 wallpaper photographs of the Debian packages " + String.join(", ",
                    DebianPhotos.packages(DebianPhotos.sources(DebianPhotos.WALLPAPERS))) + " (their licences are "
                    + "listed in docs/colorizer.md), a fifth held out whole.");
        }
        note(step("the colorizer, " + seconds(colorizerSeconds)));
        ColorizerJob.Result colorizer = ColorizerJob.run(TrainColorizerCommand.options(photos,
                out.resolve("colorizer"), null, 1, COLORIZER_EPOCHS, null, colorizerSeconds, seed, resume, progress()));

        note(step("the report"));
        List<DemoReport.Triptych> triptychs = triptychs(Colorizer.load(colorizer.models().get(Head.REGRESSION)),
                colorizer.heldOut(), out.resolve("colorizer").resolve("held-out"));
        Map<String, String> settings = new LinkedHashMap<>();
        settings.put("threads", String.valueOf(Runtime.getRuntime().availableProcessors()));
        settings.put("seed", String.valueOf(seed));
        settings.put("classifier budget", seconds(classifierSeconds));
        settings.put("classifier", "small28, batch " + classifierOptions.batchSize() + ", horizontal flips, "
                + "schedule fitted to the budget, flip-averaged predictions");
        settings.put("colorizer budget", seconds(colorizerSeconds));
        settings.put("colorizer", "unet64, L2 head, 1 member, up to " + COLORIZER_EPOCHS + " epochs of 2,048 crops");
        settings.put("resumed", String.valueOf(resume));
        settings.put("output", out.toAbsolutePath().normalize().toString());
        DemoReport.Run run = new DemoReport.Run(started, machine(), backend(), new Version().getVersion()[0],
                settings, notes, anyGenerated);
        List<Prediction> predictions = new ArrayList<>(test.size());
        List<Bitmap> testImages = images(test);
        for (int from = 0; from < testImages.size(); from += 500) {   // in batches: activations of 10,000 at once
            predictions.addAll(saved.classify(testImages.subList(from, Math.min(testImages.size(), from + 500))));
        }
        Path page = DemoReport.write(out.resolve("report"), run,
                new DemoReport.ClassifierPart(title, classifier, test, predictions, inside(saved, test, predictions)),
                new DemoReport.ColorizerPart(colorizer, triptychs));
        if (anyGenerated) {
            note("pigment demo: ran on generated data (" + String.join(" ", notes) + ")");
        }
        out().println("classifier: " + classifier.model() + " (" + String.format(Locale.ROOT,
                "test accuracy %.2f%%", 100 * classifier.test().accuracy()) + ")");
        colorizer.models().values().forEach(m -> out().println("colorizer: " + m));
        out().println("report: " + page.toAbsolutePath().normalize());
        out().flush();
    }

    private static String step(String what) {
        return "pigment demo: " + what;
    }

    private static String seconds(double s) {
        return String.format(Locale.ROOT, "%.0f s", s);
    }

    /** Why a data set is missing, or null when it is there. */
    private static String missing(Path fashionDir) {
        try {
            FashionMnist.test(fashionDir);
            return null;
        } catch (IOException e) {
            return e.getMessage();
        }
    }

    private static String fallback(String what, String why) {
        return why == null ? "--generated: "
                : what + " is not installed (" + why + "; ./run.sh installs the Debian packages where apt and root "
                + "are available): ";
    }

    /** The first-layer filters, a t-SNE map of the first test images and the saliency of misclassified ones. */
    private DemoReport.Inside inside(Classifier c, LabelledImages test, List<Prediction> predictions) {
        note(step("inside the classifier: filters, a t-SNE map of " + Math.min(MAP_POINTS, test.size())
                + " test images, saliency"));
        TsneMap map = TsneMap.of(c, test, MAP_POINTS, Tsne.Options.defaults(seed));
        Map<Integer, Bitmap> saliency = new LinkedHashMap<>();
        for (int i = 0; i < test.size() && saliency.size() < SALIENT; i++) {
            String predicted = predictions.get(i).label();
            if (!predicted.equals(test.classNames().get(test.label(i)))) {
                FeatureMap s = c.saliency(test.image(i), c.classNames().indexOf(predicted));
                saliency.put(i, Tiles.saliency(c.activations(test.image(i)).get(ClassifierConfig.INPUT), s));
            }
        }
        return new DemoReport.Inside(Tiles.filters(c.firstLayerFilters()), map, saliency);
    }

    /** Writes the generated scenes as PNGs under {@code dir}, returning it. */
    private Path scenes(Path dir) throws IOException {
        Files.createDirectories(dir);
        List<Bitmap> scenes = Synthetic.scenes(GENERATED_SCENES, 288, 512, seed);
        for (int i = 0; i < scenes.size(); i++) {
            ImageFiles.write(scenes.get(i), dir.resolve(String.format(Locale.ROOT, "scene-%02d.png", i)));
        }
        return dir;
    }

    /** The first held-out photos, colorized at full resolution and written under {@code dir}. */
    private static List<DemoReport.Triptych> triptychs(Colorizer colorizer, List<Path> heldOut, Path dir)
            throws IOException {
        Files.createDirectories(dir);
        List<DemoReport.Triptych> list = new ArrayList<>();
        for (int i = 0; i < Math.min(TRIPTYCHS, heldOut.size()); i++) {
            Path file = heldOut.get(i);
            Bitmap original = ImageFiles.read(file);
            Bitmap colorized = colorizer.colorize(original);
            // numbered: photos of different packages share names (plasma's wallpapers are all 2560x1600.jpg)
            Path written = dir.resolve(String.format(Locale.ROOT, "%02d-%s.png", i + 1, ImageFiles.stem(file)));
            ImageFiles.write(colorized, written);
            String name = file.getParent() == null || file.getParent().getFileName() == null
                    ? file.getFileName().toString() : file.getParent().getFileName() + "/" + file.getFileName();
            list.add(new DemoReport.Triptych(name, Baselines.gray(original), colorized, original, written));
        }
        return list;
    }

    private static List<Bitmap> images(LabelledImages set) {
        List<Bitmap> list = new ArrayList<>(set.size());
        for (int i = 0; i < set.size(); i++) {
            list.add(set.image(i));
        }
        return list;
    }
}
