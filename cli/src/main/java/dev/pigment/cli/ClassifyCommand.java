package dev.pigment.cli;

import dev.pigment.cli.report.Json;
import dev.pigment.core.AtomicFiles;
import dev.pigment.core.BadFilePolicy;
import dev.pigment.core.BadInputException;
import dev.pigment.core.LoadReport;
import dev.pigment.models.classifier.Classifier;
import dev.pigment.models.classifier.Prediction;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;

/** {@code pigment classify}: the classes of image files and folders, as a table, CSV or JSON. */
@Command(name = "classify", mixinStandardHelpOptions = true,
        description = "Classify image files, and the images of folders (sub-folders too), with a trained classifier.",
        footer = {"", "Examples:", "  pigment classify shoe.png          # the pretrained Fashion-MNIST model",
            "  pigment classify --model out/fashion-mnist/model.pigment photos/",
            "  pigment classify --model pets.pigment --format csv photos/ > classes.csv",
            "  pigment classify --model pets.pigment --top 3 --format json cat.jpg",
            "  pigment classify --format csv --skip-bad --out classes.csv scans/"})
final class ClassifyCommand extends Task {
    /** Output formats. */
    enum Format { table, csv, json }

    @Parameters(paramLabel = "PATH", arity = "1..*", description = "Image files and folders.")
    List<Path> inputs;

    @Option(names = "--model", paramLabel = "FILE", description = "A classifier saved by pigment (train-classifier, "
            + "demo, fine-tune). Default: the pretrained Fashion-MNIST classifier.")
    Path model;

    @Option(names = "--format", defaultValue = "table", paramLabel = "FORMAT", description = "table, csv or json. "
            + "Default: ${DEFAULT-VALUE}.")
    Format format;

    @Option(names = "--top", defaultValue = "1", paramLabel = "K", description = "Classes to list per image, most "
            + "probable first. Default: ${DEFAULT-VALUE}.")
    int top;

    @Option(names = "--batch", defaultValue = "64", paramLabel = "N", description = "Images per network pass. "
            + "Default: ${DEFAULT-VALUE}.")
    int batch;

    @Option(names = "--skip-bad", description = "List unreadable files and go on, instead of stopping at the first.")
    boolean skipBad;

    @Option(names = "--out", paramLabel = "FILE", description = "Write the results to FILE (whole or not at all) "
            + "instead of standard output.")
    Path output;

    @Override
    void work() throws Exception {
        if (batch < 1) {
            throw new ParameterException(spec.commandLine(), "--batch must be at least 1, got " + batch);
        }
        Classifier classifier = model == null ? Classifier.pretrained("fashion-mnist") : Classifier.load(model);
        if (top < 1 || top > classifier.classNames().size()) {
            throw new ParameterException(spec.commandLine(), "--top must be in 1.." + classifier.classNames().size()
                    + " (the model's classes), got " + top);
        }
        BadFilePolicy policy = skipBad ? BadFilePolicy.SKIP : BadFilePolicy.FAIL;
        List<Classifier.FilePrediction> predictions = new ArrayList<>();
        List<LoadReport.Skipped> skipped = new ArrayList<>();
        for (Path p : inputs) {
            if (Files.isDirectory(p)) {
                Classifier.FolderPredictions f = classifier.classifyFolder(p, batch, policy);
                predictions.addAll(f.predictions());
                skipped.addAll(f.report().skipped());
            } else {
                try {
                    predictions.add(new Classifier.FilePrediction(p, classifier.classify(p)));
                } catch (BadInputException e) {
                    if (!skipBad) {
                        throw e;
                    }
                    skipped.add(new LoadReport.Skipped(p, e.problem()));
                }
            }
        }
        if (output == null) {
            write(predictions, out());
        } else {
            java.io.StringWriter text = new java.io.StringWriter();
            write(predictions, new PrintWriter(text));
            AtomicFiles.write(output, tmp -> Files.writeString(tmp, text.toString()));
            note("results in " + output);
        }
        for (LoadReport.Skipped s : skipped) {
            note("skipped " + s);
        }
        note(predictions.size() + " classified" + (skipped.isEmpty() ? "" : ", " + skipped.size() + " skipped"));
    }

    private void write(List<Classifier.FilePrediction> predictions, PrintWriter w) {
        switch (format) {
            case table -> {
                int width = predictions.stream().mapToInt(p -> p.file().toString().length()).max().orElse(4);
                for (Classifier.FilePrediction p : predictions) {
                    StringBuilder line = new StringBuilder(String.format(Locale.ROOT, "%-" + width + "s", p.file()));
                    for (Prediction.Scored s : p.prediction().top(top)) {
                        line.append(String.format(Locale.ROOT, "  %s %.1f%%", s.label(), 100 * s.probability()));
                    }
                    w.println(line);
                }
            }
            case csv -> {
                StringBuilder header = new StringBuilder("file");
                for (int k = 1; k <= top; k++) {
                    header.append(k == 1 ? ",label,probability" : ",label" + k + ",probability" + k);
                }
                w.println(header);
                for (Classifier.FilePrediction p : predictions) {
                    StringBuilder line = new StringBuilder(csv(p.file().toString()));
                    for (Prediction.Scored s : p.prediction().top(top)) {
                        line.append(',').append(csv(s.label())).append(String.format(Locale.ROOT, ",%.6f",
                                s.probability()));
                    }
                    w.println(line);
                }
            }
            case json -> {
                w.println("[");
                for (int i = 0; i < predictions.size(); i++) {
                    Classifier.FilePrediction p = predictions.get(i);
                    StringBuilder ranked = new StringBuilder();
                    for (Prediction.Scored s : p.prediction().top(top)) {
                        ranked.append(ranked.length() == 0 ? "" : ", ").append(String.format(Locale.ROOT,
                                "{\"label\": %s, \"probability\": %.6f}", Json.quote(s.label()), s.probability()));
                    }
                    w.printf(Locale.ROOT, "  {\"file\": %s, \"label\": %s, \"probability\": %.6f, \"top\": [%s]}%s%n",
                            Json.quote(p.file().toString()), Json.quote(p.prediction().label()),
                            p.prediction().probability(), ranked, i + 1 < predictions.size() ? "," : "");
                }
                w.println("]");
            }
            default -> throw new IllegalStateException(format.toString());
        }
        w.flush();
    }

    /** A CSV field (RFC 4180): quoted when it holds a comma, quote or line break. */
    static String csv(String s) {
        return s.contains(",") || s.contains("\"") || s.contains("\n") || s.contains("\r")
                ? "\"" + s.replace("\"", "\"\"") + "\"" : s;
    }
}
