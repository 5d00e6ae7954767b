package dev.pigment.cli.job;

import dev.pigment.core.augment.Augmentation;
import dev.pigment.core.metrics.ClassificationScores;
import dev.pigment.core.source.LabelledImages;
import dev.pigment.models.classifier.Classifier;
import dev.pigment.models.TestTimeAugmentation;
import dev.pigment.models.engine.Machine;
import dev.pigment.models.train.Training;
import dev.pigment.models.train.TrainingHistory;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * What the classifier examples share: train with validation, evaluate on the test images, save the model, and
 * write the training curves, the confusion matrix and a text report next to it.
 */
public final class ClassifierJob {
    private ClassifierJob() {
    }

    /**
     * What a job produced.
     *
     * @param history the training run
     * @param test the evaluation on the test images (top-3), through the saved model's own prediction path
     * @param model the saved model file
     * @param curves training curves PNG
     * @param confusion confusion matrix PNG
     * @param report text report
     * @param testPlain the evaluation without test-time augmentation, or null when the model uses none
     * @param trainSize the training images (one epoch)
     */
    public record Result(TrainingHistory history, ClassificationScores test, Path model, Path curves, Path confusion,
                  Path report, ClassificationScores testPlain, int trainSize) {
        /** The epochs trained, fractional when a budget ended one early. */
        public double epochs() {
            return history.epochs().stream().mapToLong(e -> e.images()).sum() / (double) trainSize;
        }
    }

    static Result run(String title, Classifier classifier, LabelledImages train, LabelledImages validation,
                      LabelledImages test, Training training, Augmentation augmentation, Path outDir)
            throws IOException {
        return run(title, classifier, train, validation, test, training, augmentation, outDir,
                TestTimeAugmentation.NONE);
    }

    /**
     * As above; the saved model predicts with {@code tta} (its {@link Classifier#testTimeAugmentation()}), the test
     * figures are that path's, and without augmentation beside them.
     */
    static Result run(String title, Classifier trainable, LabelledImages train, LabelledImages validation,
                      LabelledImages test, Training training, Augmentation augmentation, Path outDir,
                      TestTimeAugmentation tta) throws IOException {
        Machine machine = Machine.current();
        System.out.println("machine: " + machine);
        System.out.printf("%s: %d training, %d validation, %d test images, classes %s%n", title, train.size(),
                validation == null ? 0 : validation.size(), test.size(), trainable.classNames());
        TrainingHistory history = trainable.train(train, validation, training, augmentation);
        Classifier classifier = trainable.withTestTimeAugmentation(tta);
        int topK = Math.min(3, classifier.classNames().size());
        ClassificationScores eval = classifier.evaluate(test, topK);
        ClassificationScores plain = tta == TestTimeAugmentation.NONE ? null
                : classifier.evaluate(test, topK, 128, TestTimeAugmentation.NONE);
        Path model = outDir.resolve("model.pigment");
        classifier.save(model);
        Path curves = outDir.resolve("training-curves.png");
        Plots.trainingCurves(history, title, curves);
        Path confusion = outDir.resolve("confusion-matrix.png");
        Plots.confusionMatrix(eval.confusionMatrix(), eval.classNames(), title + ": test confusion matrix",
                confusion);
        Path report = outDir.resolve("report.txt");
        StringBuilder text = new StringBuilder();
        text.append(title).append('\n');
        text.append("machine: ").append(machine).append('\n');
        history.epochs().forEach(e -> text.append(e).append('\n'));
        String summary = summary(history, train.size(), eval, machine);
        String tests = "test (" + testLabel(tta) + "): " + eval.report()
                + (plain == null ? "" : "test without test-time augmentation: " + plain + "\n");
        text.append(summary).append(tests);
        text.append("confusion matrix (rows true, columns predicted):\n").append(eval.dl4j().confusionToString());
        dev.pigment.core.AtomicFiles.write(report, tmp -> Files.writeString(tmp, text));
        System.out.print(tests);
        System.out.print(summary);
        System.out.printf("model %s, plots %s and %s, report %s%n", model, curves, confusion, report);
        return new Result(history, eval, model, curves, confusion, report, plain, train.size());
    }

    private static String testLabel(TestTimeAugmentation tta) {
        return tta == TestTimeAugmentation.NONE ? "the model's prediction path"
                : "the model's prediction path, " + tta;
    }

    /** Why training stopped, the epochs done (fractional), the final learning rate and the test accuracy. */
    static String summary(TrainingHistory history, int trainSize, ClassificationScores test, Machine machine) {
        long images = history.epochs().stream().mapToLong(e -> e.images()).sum();
        return String.format("stopped: %s after %.2f epochs (%,d training images) and %.1f s of training; weights of"
                        + " epoch %d; learning rate at the end %.2e; test accuracy %.2f%% on %s%n",
                history.stopReason(), images / (double) trainSize, images, history.seconds(), history.bestEpoch(),
                history.last().learningRate(), 100 * test.accuracy(), machine.model());
    }
}
