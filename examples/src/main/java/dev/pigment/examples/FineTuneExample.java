package dev.pigment.examples;

import dev.pigment.core.BadFilePolicy;
import dev.pigment.core.Preprocessor;
import dev.pigment.core.augment.Augmentation;
import dev.pigment.core.metrics.ClassificationScores;
import dev.pigment.core.source.ImageFolder;
import dev.pigment.core.source.LabelledImages;
import dev.pigment.models.classifier.Classifier;
import dev.pigment.models.classifier.FineTuning;
import dev.pigment.models.train.Optimizer;
import dev.pigment.models.train.ProgressListener;
import dev.pigment.models.train.Training;
import java.io.IOException;
import java.nio.file.Path;

/**
 * Reuses a saved classifier (for example the Fashion-MNIST model of {@code pigment demo}) for new classes: its feature
 * layers are copied and frozen and a new softmax head trains on a folder of {@code <class>/<images>}, brought to the
 * saved model's input by the shared pipeline. 15% of each split is held out: for testing, then for validation.
 *
 * <pre>./mvnw -q -pl examples exec:java -Dexec.mainClass=dev.pigment.examples.FineTuneExample \
 *     -Dexec.args="out/fashion-mnist/model.pigment new-classes"</pre>
 */
public final class FineTuneExample {
    private FineTuneExample() {
    }

    public static void main(String[] args) throws IOException {
        if (args.length != 2) {
            throw new IllegalArgumentException("usage: FineTuneExample MODEL_FILE CLASS_FOLDERS_DIR");
        }
        Training training = Training.builder(10, 42).batchSize(32).patience(4)
                .progress(ProgressListener.printing(System.out, 50)).build();
        ClassificationScores scores = run(Path.of(args[0]), Path.of(args[1]), training,
                Path.of("out/examples/fine-tuned.pigment"));
        System.out.print(scores.report());
    }

    /** Fine-tunes {@code model} on the classes under {@code data}, saves to {@code out} and scores the test part. */
    public static ClassificationScores run(Path model, Path data, Training training, Path out) throws IOException {
        Classifier base = Classifier.load(model);
        ImageFolder folder = ImageFolder.scan(data);
        ImageFolder.Parts testSplit = folder.split(0.15, training.seed());
        ImageFolder.Parts valSplit = testSplit.train().split(0.15, training.seed() + 1);
        Preprocessor pre = new Preprocessor(base.input(), true);
        int threads = Runtime.getRuntime().availableProcessors();
        LabelledImages train = valSplit.train().load(pre, BadFilePolicy.SKIP, threads).data();
        LabelledImages validation = valSplit.test().load(pre, BadFilePolicy.SKIP, threads).data();
        LabelledImages test = testSplit.test().load(pre, BadFilePolicy.SKIP, threads).data();
        // a new head learns from scratch: Adam at 3e-3 rather than the fine-tuning default 1e-3
        Classifier tuned = base.fineTune(FineTuning.of(folder.classNames(), training.seed())
                .withOptimizer(Optimizer.adam(3e-3)));
        tuned.train(train, validation, training, Augmentation.horizontalFlip(0.5));
        tuned.save(out);
        return tuned.evaluate(test, Math.min(3, folder.classNames().size()));
    }
}
