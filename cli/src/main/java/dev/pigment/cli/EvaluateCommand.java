package dev.pigment.cli;

import dev.pigment.core.metrics.ClassificationScores;
import dev.pigment.core.source.LabelledImages;
import dev.pigment.models.TestTimeAugmentation;
import dev.pigment.models.classifier.Classifier;
import java.nio.file.Path;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;

/** {@code pigment evaluate}: a classifier's scores on labelled test images. */
@Command(name = "evaluate", mixinStandardHelpOptions = true,
        description = "Score a classifier on labelled test images: accuracy, top-k, per-class precision, recall and "
                + "F1.",
        footer = {"", "Examples:", "  pigment evaluate --model out/fashion-mnist/model.pigment",
            "  pigment evaluate --model pets.pigment --data folder:pets-test --top 2 --out scores.txt"})
final class EvaluateCommand extends Task {
    @Option(names = "--model", paramLabel = "FILE", description = "A classifier saved by pigment. Default: the "
            + "pretrained Fashion-MNIST classifier.")
    Path model;

    @Option(names = "--data", defaultValue = "fashion-mnist", converter = DataSource.Converter.class,
            paramLabel = "SOURCE", description = "The test images: " + DataSource.FORMATS
                    + ". Default: ${DEFAULT-VALUE}.")
    DataSource data;

    @Option(names = "--top", defaultValue = "3", paramLabel = "K", description = "The k of top-k accuracy. "
            + "Default: ${DEFAULT-VALUE}.")
    int top;

    @Option(names = "--out", paramLabel = "FILE", description = "Write the scores to FILE (whole or not at all) "
            + "instead of standard output.")
    Path output;

    @Option(names = "--no-tta", description = "Predict each image as it is, without the model's own test-time "
            + "augmentation.")
    boolean noTta;

    @Override
    void work() throws Exception {
        Classifier classifier = model == null ? Classifier.pretrained("fashion-mnist") : Classifier.load(model);
        if (top < 1 || top > classifier.classNames().size()) {
            throw new ParameterException(spec.commandLine(), "--top must be in 1.." + classifier.classNames().size()
                    + ", got " + top);
        }
        LabelledImages test = data.test(classifier.input());
        note("evaluating " + classifier + " on " + test.size() + " images of " + data);
        ClassificationScores s = classifier.evaluate(test, top, 128,
                noTta ? TestTimeAugmentation.NONE : classifier.testTimeAugmentation());
        if (output == null) {
            out().print(s.report());
            out().flush();
        } else {
            dev.pigment.core.AtomicFiles.write(output, tmp -> java.nio.file.Files.writeString(tmp, s.report()));
            note("scores in " + output);
        }
    }
}
