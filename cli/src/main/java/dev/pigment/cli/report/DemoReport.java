package dev.pigment.cli.report;

import dev.pigment.cli.job.ClassifierJob;
import dev.pigment.cli.job.ColorizerJob;
import dev.pigment.cli.view.Tiles;
import dev.pigment.cli.view.TsneMap;
import dev.pigment.core.AtomicFiles;
import dev.pigment.core.image.Bitmap;
import dev.pigment.core.image.ImageFiles;
import dev.pigment.core.metrics.ClassificationScores;
import dev.pigment.core.metrics.ColorizationScores;
import dev.pigment.core.source.LabelledImages;
import dev.pigment.models.classifier.Prediction;
import dev.pigment.models.colorizer.ColorizerConfig.Head;
import dev.pigment.models.train.EpochStats;
import dev.pigment.models.train.TrainingHistory;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * The report of a {@code pigment demo} run: one self-contained HTML page ({@code index.html}, no network fetches, works
 * from {@code file://}) with its PNGs beside it, and its machine-readable twins {@code history.csv} (every epoch of
 * every model) and {@code metrics.json} (the final figures). The page shows the machine and settings, the training
 * curves, the confusion matrix, per-class precision, recall and F1, misclassified test images, the colorization
 * scores next to the gray and mean-colour baselines, gray / pigment / original triptychs and links to the models.
 */
public final class DemoReport {
    /** Misclassified test images shown at most. */
    public static final int MISCLASSIFIED = 32;

    /** Width of the triptych images in the page; the full-resolution outputs are linked. */
    static final int TRIPTYCH_WIDTH = 480;

    /**
     * What a run knows about itself.
     *
     * @param started when the run began
     * @param machine the CPU, in words
     * @param backend the ND4J backend and threads, in words
     * @param version pigment's version line
     * @param settings the run's settings, name to value, in the order shown
     * @param dataNotes where the data came from, one line each (a generated-data fallback says so here)
     * @param generated whether any data was generated rather than read
     */
    public record Run(Instant started, String machine, String backend, String version, Map<String, String> settings,
                      List<String> dataNotes, boolean generated) {
        public Run {
            Objects.requireNonNull(started, "started");
            settings = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(settings));
            dataNotes = List.copyOf(dataNotes);
        }
    }

    /**
     * The classifier half.
     *
     * @param title the data's name
     * @param job what the training job produced
     * @param test the test images
     * @param predictions the model's predictions for {@code test}, in order
     * @param inside what the network looks like inside, or null to leave it out
     */
    public record ClassifierPart(String title, ClassifierJob.Result job, LabelledImages test,
                                 List<Prediction> predictions, Inside inside) {
        public ClassifierPart {
            if (predictions.size() != test.size()) {
                throw new IllegalArgumentException(predictions.size() + " predictions for " + test.size()
                        + " test images");
            }
            predictions = List.copyOf(predictions);
        }
    }

    /**
     * What the classifier looks like inside, for the parts of the explorer ({@code pigment serve}) that need no
     * server.
     *
     * @param filters the first-layer filters ({@link Tiles#filters})
     * @param map a t-SNE map of test images, or null for none
     * @param saliency saliency pictures ({@link Tiles#saliency}) of misclassified test images, by test index, for
     *     the class the model predicted
     */
    public record Inside(Bitmap filters, TsneMap map, Map<Integer, Bitmap> saliency) {
        public Inside {
            Objects.requireNonNull(filters, "filters");
            saliency = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(saliency));
        }
    }

    /**
     * One held-out photo: its gray version, pigment's colorization and the original, at full resolution.
     *
     * @param name the photo's file name
     * @param colorizedFile where the full-resolution colorization was written
     */
    public record Triptych(String name, Bitmap gray, Bitmap colorized, Bitmap original, Path colorizedFile) {
    }

    /**
     * The colorizer half.
     *
     * @param job what the training job produced
     * @param triptychs some held-out photos, colorized at full resolution
     */
    public record ColorizerPart(ColorizerJob.Result job, List<Triptych> triptychs) {
        public ColorizerPart {
            triptychs = List.copyOf(triptychs);
        }
    }

    private DemoReport() {
    }

    /**
     * Writes the report into {@code dir} (created if missing; files of an earlier report are replaced).
     *
     * @return the page, {@code dir/index.html}
     */
    public static Path write(Path dir, Run run, ClassifierPart classifier, ColorizerPart colorizer)
            throws IOException {
        Files.createDirectories(dir);
        Html page = new Html("pigment demo report");
        page.raw("<header><h1>pigment demo report</h1><p class=\"sub\">" + Html.escape(run.version()) + " &middot; "
                + Html.escape(run.started().toString()) + "</p></header>\n");
        if (run.generated()) {
            page.raw("<p class=\"notice\" id=\"generated-data\">Some data of this run was generated by pigment, not "
                    + "read from the Debian packages: its figures show that the pipeline runs, not what pigment "
                    + "reaches on real data. See <a href=\"#data\">Data</a>.</p>\n");
        }
        page.raw("<nav><a href=\"#machine\">Machine</a> <a href=\"#classifier\">Classifier</a> "
                + "<a href=\"#colorizer\">Colorizer</a> <a href=\"#files\">Files</a></nav>\n");
        machine(page, run);
        classifier(page, dir, classifier);
        colorizer(page, dir, colorizer);
        files(page, dir, classifier, colorizer);
        Path index = dir.resolve("index.html");
        AtomicFiles.write(index, tmp -> Files.writeString(tmp, page.end()));
        Map<String, TrainingHistory> histories = new LinkedHashMap<>();
        histories.put("classifier", classifier.job().history());
        colorizer.job().histories().forEach((head, h) -> histories.put("colorizer " + head.name()
                .toLowerCase(Locale.ROOT), h));
        AtomicFiles.write(dir.resolve("history.csv"), tmp -> Files.writeString(tmp, historyCsv(histories)));
        AtomicFiles.write(dir.resolve("metrics.json"), tmp -> Files.writeString(tmp,
                metricsJson(run, classifier, colorizer)));
        return index;
    }

    private static void machine(Html page, Run run) {
        page.raw("<section id=\"machine\"><h2>Machine and settings</h2>\n<table class=\"kv\">\n");
        page.row("CPU", run.machine());
        page.row("backend", run.backend());
        run.settings().forEach(page::row);
        page.raw("</table>\n<h3 id=\"data\">Data</h3>\n<ul>\n");
        run.dataNotes().forEach(n -> page.raw("<li>" + Html.escape(n) + "</li>\n"));
        page.raw("</ul></section>\n");
    }

    private static void classifier(Html page, Path dir, ClassifierPart part) throws IOException {
        ClassifierJob.Result job = part.job();
        ClassificationScores test = job.test();
        TrainingHistory h = job.history();
        long images = h.epochs().stream().mapToLong(EpochStats::images).sum();
        page.raw("<section id=\"classifier\"><h2>Classifier: " + Html.escape(part.title()) + "</h2>\n");
        page.raw("<p class=\"big\">Test accuracy <b id=\"accuracy\">" + pct(test.accuracy()) + "</b> on "
                + String.format(Locale.ROOT, "%,d", test.total()) + " test images (top-" + test.topK() + " "
                + pct(test.topKAccuracy()) + ")" + (job.testPlain() == null ? ""
                : "; without flip averaging " + pct(job.testPlain().accuracy())) + ".</p>\n");
        page.raw("<p>" + Html.escape(String.format(Locale.ROOT, "Trained %.2f epochs (%,d images) in %.0f s; "
                        + "stopped: %s; weights of epoch %d; learning rate at the end %.2e.",
                job.epochs(), images, h.seconds(),
                h.stopReason().toString().toLowerCase(Locale.ROOT).replace('_', ' '), h.bestEpoch(),
                h.last().learningRate())) + "</p>\n");
        page.figure(copy(job.curves(), dir, "classifier-curves.png"), "Training curves: loss, and accuracy on the "
                + "validation images and on training images without augmentation, per epoch.");
        page.figure(copy(job.confusion(), dir, "confusion-matrix.png"), "Confusion matrix of the test images: rows "
                + "are true classes, columns predicted ones.");
        page.raw("<h3>Per class</h3>\n<table id=\"per-class\"><tr><th>class</th><th>precision</th><th>recall</th>"
                + "<th>F1</th><th>test images</th></tr>\n");
        int[][] confusion = test.confusionMatrix();
        for (int c = 0; c < test.classNames().size(); c++) {
            page.raw("<tr><td>" + Html.escape(test.classNames().get(c)) + "</td><td>" + fixed(test.precision(c), 3)
                    + "</td><td>" + fixed(test.recall(c), 3) + "</td><td>" + fixed(test.f1(c), 3) + "</td><td>"
                    + java.util.Arrays.stream(confusion[c]).sum() + "</td></tr>\n");
        }
        page.raw("</table>\n");
        misclassified(page, dir, part);
        if (part.inside() != null) {
            inside(page, dir, part);
        }
        page.raw("</section>\n");
    }

    private static void misclassified(Html page, Path dir, ClassifierPart part) throws IOException {
        List<String> names = part.test().classNames();
        List<Integer> wrong = new ArrayList<>();
        for (int i = 0; i < part.test().size() && wrong.size() < MISCLASSIFIED; i++) {
            if (!part.predictions().get(i).label().equals(names.get(part.test().label(i)))) {
                wrong.add(i);
            }
        }
        page.raw("<h3>Misclassified test images</h3>\n<p>The first " + wrong.size() + " test images the model gets "
                + "wrong, in test-set order: true class, then the prediction and its probability.</p>\n"
                + "<div class=\"grid\" id=\"misclassified\">\n");
        Path folder = Files.createDirectories(dir.resolve("misclassified"));
        for (Integer i : wrong) {
            String file = String.format(Locale.ROOT, "misclassified/test-%05d.png", i);
            ImageFiles.write(part.test().image(i), folder.resolve(file.substring(file.indexOf('/') + 1)));
            Prediction p = part.predictions().get(i);
            page.raw("<figure class=\"small\"><img src=\"" + file + "\" alt=\"test image " + i + "\" width=\"84\" "
                    + "height=\"84\"><figcaption>#" + i + "<br>true: <b>" + Html.escape(names.get(part.test()
                    .label(i))) + "</b><br>predicted: " + Html.escape(p.label()) + " "
                    + pct(p.ranking().get(0).probability()) + "</figcaption></figure>\n");
        }
        page.raw("</div>\n");
    }

    private static void inside(Html page, Path dir, ClassifierPart part) throws IOException {
        Inside in = part.inside();
        page.raw("<h3 id=\"inside\">Inside the network</h3>\n<p>To draw into it and see every layer's activations, "
                + "open it in the explorer: <code>pigment serve --model " + Html.escape(part.job().model().toString())
                + "</code>.</p>\n");
        ImageFiles.write(in.filters(), dir.resolve("filters.png"));
        page.figure("filters.png", "The first convolution's filters, each on its own scale (mid-gray is 0).");
        if (in.map() != null) {
            ImageFiles.write(in.map().picture(640), dir.resolve("tsne-map.png"));
            page.figure("tsne-map.png", String.format(Locale.ROOT, "A t-SNE map of the network's penultimate features "
                    + "for %d test images (perplexity %s), coloured by true class; rings mark misclassified images. "
                    + "5-NN accuracy: %.1f%% in the map, %.1f%% in the features.", in.map().size(),
                    in.map().perplexity(), 100 * in.map().mapAccuracy(), 100 * in.map().featureAccuracy()));
        }
        if (!in.saliency().isEmpty()) {
            page.raw("<p>Saliency of misclassified test images: red where brightening the image raises the "
                    + "probability of the wrong class the model chose, blue where it lowers it.</p>\n"
                    + "<div class=\"grid\" id=\"saliency\">\n");
            Path folder = Files.createDirectories(dir.resolve("saliency"));
            List<String> names = part.test().classNames();
            for (Map.Entry<Integer, Bitmap> e : in.saliency().entrySet()) {
                String file = String.format(Locale.ROOT, "saliency/test-%05d.png", e.getKey());
                ImageFiles.write(e.getValue(), folder.resolve(file.substring(file.indexOf('/') + 1)));
                page.raw("<figure class=\"sal\"><img src=\"" + file + "\" alt=\"saliency of test image " + e.getKey()
                        + "\" width=\"112\" height=\"112\"><figcaption>#" + e.getKey() + ": a "
                        + Html.escape(names.get(part.test().label(e.getKey()))) + " taken for "
                        + Html.escape(part.predictions().get(e.getKey()).label()) + "</figcaption></figure>\n");
            }
            page.raw("</div>\n");
        }
    }

    private static void colorizer(Html page, Path dir, ColorizerPart part) throws IOException {
        ColorizerJob.Result job = part.job();
        page.raw("<section id=\"colorizer\"><h2>Colorizer</h2>\n<p>Scores on " + job.heldOut().size()
                + " photos held out whole (never trained on). PSNR is of the whole image in sRGB, pooled over the "
                + "photos; AuC is the area under the curve of the share of pixels whose a*b* error is within a "
                + "threshold (0–150); colourfulness is Hasler and S&uuml;sstrunk's, as a share of the originals'."
                + "</p>\n<table id=\"colorization-scores\"><tr><th>method</th><th>PSNR dB</th><th>gain over gray</th>"
                + "<th>SSIM</th><th>AuC</th><th>colourfulness</th></tr>\n");
        Map<String, ColorizationScores> scores = job.report().scores();
        double gray = scores.get(ColorizerJob.GRAY).psnr();
        scores.forEach((method, s) -> page.raw("<tr" + (method.startsWith("pigment") ? " class=\"ours\"" : "")
                + "><td>" + Html.escape(method) + "</td><td>" + fixed(s.psnr(), 2) + "</td><td>"
                + String.format(Locale.ROOT, "%+.2f", s.psnr() - gray) + "</td><td>" + fixed(s.ssim(), 4)
                + "</td><td>" + fixed(s.auc(), 4) + "</td><td>" + pct(s.colourfulnessRatio()) + "</td></tr>\n"));
        page.raw("</table>\n");
        int curves = 0;
        for (Map.Entry<Head, Path> m : job.models().entrySet()) {
            String key = m.getKey().name().toLowerCase(Locale.ROOT);
            Path png = m.getValue().resolveSibling("curves-" + key + ".png");
            if (Files.isRegularFile(png)) {
                page.figure(copy(png, dir, "colorizer-curves-" + key + ".png"), "Training curves of "
                        + ColorizerJob.name(m.getKey()) + ": the training loss, and PSNR, AuC and colourfulness on "
                        + "the held-out photos after each epoch.");
                curves++;
            }
        }
        page.raw("<h3>Held-out photos</h3>\n<p>Gray (the input pigment sees), pigment's colorization at full "
                + "resolution, and the original. Click a colorization for the full-resolution file.</p>\n");
        Path folder = Files.createDirectories(dir.resolve("photos"));
        int n = 0;
        for (Triptych t : part.triptychs()) {
            n++;
            String stem = String.format(Locale.ROOT, "photos/%02d", n);
            List<String> files = new ArrayList<>();
            for (String kind : List.of("gray", "pigment", "original")) {
                Bitmap b = kind.equals("gray") ? t.gray() : kind.equals("pigment") ? t.colorized() : t.original();
                int w = Math.min(TRIPTYCH_WIDTH, b.width());
                int hgt = Math.max(1, (int) Math.round(b.height() * (double) w / b.width()));
                String file = stem + "-" + kind + ".png";
                ImageFiles.write(b.width() == w ? b : b.resize(hgt, w), folder.resolve(file.substring(7)));
                files.add(file);
            }
            String link = Html.escape(relative(dir, t.colorizedFile()));
            page.raw("<div class=\"triptych\">\n<figure><img src=\"" + files.get(0) + "\" alt=\"gray\"><figcaption>"
                    + "gray</figcaption></figure>\n<figure><a href=\"" + link + "\"><img src=\"" + files.get(1)
                    + "\" alt=\"pigment\"></a><figcaption>pigment (" + t.colorized().width() + "&times;"
                    + t.colorized().height() + ")</figcaption></figure>\n<figure><img src=\"" + files.get(2)
                    + "\" alt=\"original\"><figcaption>original: " + Html.escape(t.name()) + "</figcaption></figure>"
                    + "\n</div>\n");
        }
        if (curves == 0 && part.triptychs().isEmpty()) {
            page.raw("<p>No held-out photos to show.</p>\n");
        }
        page.raw("</section>\n");
    }

    private static void files(Html page, Path dir, ClassifierPart classifier, ColorizerPart colorizer) {
        page.raw("<section id=\"files\"><h2>Files</h2>\n<ul>\n");
        Map<String, Path> links = new LinkedHashMap<>();
        links.put("classifier model", classifier.job().model());
        links.put("classifier report (text)", classifier.job().report());
        colorizer.job().models().forEach((head, path) -> links.put("colorizer model (" + ColorizerJob.name(head)
                + ")", path));
        links.put("colorizer report (text)", colorizer.job().text());
        links.forEach((what, path) -> {
            String rel = relative(dir, path);
            page.raw("<li>" + Html.escape(what) + ": <a href=\"" + Html.escape(rel) + "\">" + Html.escape(rel)
                    + "</a></li>\n");
        });
        page.raw("<li>every epoch of every model: <a href=\"history.csv\">history.csv</a>; the final figures: "
                + "<a href=\"metrics.json\">metrics.json</a></li>\n</ul>\n<p>Use the models with <code>pigment "
                + "classify --model FILE IMAGES</code> and <code>pigment colorize --model FILE PHOTOS</code>.</p>"
                + "</section>\n");
    }

    /** {@code path} as a link from a page in {@code dir}. */
    private static String relative(Path dir, Path path) {
        return dir.toAbsolutePath().normalize().relativize(path.toAbsolutePath().normalize()).toString()
                .replace('\\', '/');
    }

    /** Copies a PNG into the report folder, returning its name there. */
    private static String copy(Path png, Path dir, String name) throws IOException {
        Files.copy(png, dir.resolve(name), StandardCopyOption.REPLACE_EXISTING);
        return name;
    }

    /**
     * Every epoch of every model as CSV: the model's name, then the epoch's fields, then one column per metric any
     * of them has (empty where a model lacks it).
     */
    static String historyCsv(Map<String, TrainingHistory> histories) {
        Set<String> metrics = new LinkedHashSet<>();
        histories.values().forEach(h -> h.epochs().forEach(e -> metrics.addAll(e.metrics().keySet())));
        StringBuilder sb = new StringBuilder("model,epoch,images,seconds,elapsed_seconds,learning_rate,train_loss");
        metrics.forEach(m -> sb.append(',').append(m));
        sb.append('\n');
        histories.forEach((model, h) -> h.epochs().forEach(e -> {
            sb.append(model).append(',').append(e.epoch()).append(',').append(e.images()).append(',')
                    .append(number(e.seconds())).append(',').append(number(e.elapsedSeconds())).append(',')
                    .append(number(e.learningRate())).append(',').append(number(e.trainLoss()));
            metrics.forEach(m -> sb.append(',').append(e.metrics().containsKey(m) ? number(e.metric(m)) : ""));
            sb.append('\n');
        }));
        return sb.toString();
    }

    static String metricsJson(Run run, ClassifierPart classifier, ColorizerPart colorizer) {
        Json j = new Json();
        j.open(null);
        j.value("started", run.started().toString());
        j.value("machine", run.machine());
        j.value("backend", run.backend());
        j.value("version", run.version());
        j.value("generated_data", run.generated());
        j.open("settings");
        run.settings().forEach(j::value);
        j.close();
        ClassifierJob.Result c = classifier.job();
        TrainingHistory h = c.history();
        long images = h.epochs().stream().mapToLong(EpochStats::images).sum();
        j.open("classifier");
        j.value("data", classifier.title());
        j.value("test_images", c.test().total());
        j.value("accuracy", c.test().accuracy());
        j.value("top" + c.test().topK() + "_accuracy", c.test().topKAccuracy());
        if (c.testPlain() != null) {
            j.value("accuracy_without_test_time_augmentation", c.testPlain().accuracy());
        }
        j.value("loss", c.test().loss());
        j.value("training_images", images);
        j.value("epochs", c.epochs());
        j.value("training_seconds", h.seconds());
        j.value("final_learning_rate", h.last().learningRate());
        j.value("stop_reason", h.stopReason().toString());
        j.value("weights_of_epoch", h.bestEpoch());
        j.value("model", c.model().toString());
        j.openArray("per_class");
        int[][] confusion = c.test().confusionMatrix();
        for (int k = 0; k < c.test().classNames().size(); k++) {
            j.open(null);
            j.value("class", c.test().classNames().get(k));
            j.value("precision", c.test().precision(k));
            j.value("recall", c.test().recall(k));
            j.value("f1", c.test().f1(k));
            j.value("support", java.util.Arrays.stream(confusion[k]).sum());
            j.close();
        }
        j.closeArray();
        if (classifier.inside() != null && classifier.inside().map() != null) {
            TsneMap map = classifier.inside().map();
            j.open("tsne");
            j.value("points", map.size());
            j.value("perplexity", map.perplexity());
            j.value("map_5nn_accuracy", map.mapAccuracy());
            j.value("feature_5nn_accuracy", map.featureAccuracy());
            j.close();
        }
        j.close();
        j.open("colorizer");
        j.value("held_out_photos", colorizer.job().heldOut().size());
        j.open("methods");
        colorizer.job().report().scores().forEach((method, s) -> {
            j.open(method);
            j.value("psnr_db", s.psnr());
            j.value("mean_psnr_db", s.meanPsnr());
            j.value("ssim", s.ssim());
            j.value("auc", s.auc());
            j.value("colourfulness", s.colourfulness());
            j.value("colourfulness_of_originals", s.originalColourfulness());
            j.close();
        });
        j.close();
        j.open("models");
        colorizer.job().models().forEach((head, p) -> j.value(head.name().toLowerCase(Locale.ROOT), p.toString()));
        j.close();
        j.close();
        j.close();
        return j.toString();
    }

    private static String pct(double share) {
        return String.format(Locale.ROOT, "%.2f%%", 100 * share);
    }

    private static String fixed(double v, int digits) {
        return Double.isFinite(v) ? String.format(Locale.ROOT, "%." + digits + "f", v) : "&ndash;";
    }

    private static String number(double v) {
        return Double.isFinite(v) ? String.valueOf(v) : "";
    }
}
