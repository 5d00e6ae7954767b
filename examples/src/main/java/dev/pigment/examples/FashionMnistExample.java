package dev.pigment.examples;

import dev.pigment.core.augment.Augmentation;
import dev.pigment.core.metrics.ClassificationScores;
import dev.pigment.core.source.FashionMnist;
import dev.pigment.core.source.LabelledImages;
import dev.pigment.models.TestTimeAugmentation;
import dev.pigment.models.classifier.Classifier;
import dev.pigment.models.classifier.ClassifierConfig;
import dev.pigment.models.train.ProgressListener;
import dev.pigment.models.train.Training;
import java.io.IOException;
import java.nio.file.Path;

/**
 * Trains pigment's default small-image classifier ({@link ClassifierConfig#small28}) on Fashion-MNIST (Debian's
 * {@code dataset-fashion-mnist}) within a time budget, evaluates it on the 10,000 test images and saves it. The
 * command line's {@code pigment train-classifier} is this with options, plots and a report.
 *
 * <pre>./mvnw -q -pl examples exec:java -Dexec.mainClass=dev.pigment.examples.FashionMnistExample</pre>
 */
public final class FashionMnistExample {
    private FashionMnistExample() {
    }

    public static void main(String[] args) throws IOException {
        LabelledImages train = FashionMnist.train(FashionMnist.DEBIAN_DIR);
        LabelledImages test = FashionMnist.test(FashionMnist.DEBIAN_DIR);
        Training training = Training.builder(30, 42).batchSize(128).warmupEpochs(0.3)
                .maxSeconds(590).scheduleToBudget(true)   // the schedule anneals within 590 s, whatever the CPU
                .progress(ProgressListener.printing(System.out, 25)).build();
        ClassificationScores scores = run(train, test, training, Path.of("out/examples/fashion-mnist.pigment"));
        System.out.print(scores.report());
    }

    /**
     * Holds out 5,000 (or a twelfth of) the training images for validation, trains with horizontal flips, saves the
     * model to {@code model} with flip averaging as its prediction path, and scores it on {@code test}.
     */
    public static ClassificationScores run(LabelledImages train, LabelledImages test, Training training, Path model)
            throws IOException {
        LabelledImages.Parts parts = train.split(Math.min(5000.0 / train.size(), 1 / 12.0), training.seed());
        ClassifierConfig config = ClassifierConfig.small28(train.numClasses()).seed(training.seed()).build();
        Classifier classifier = Classifier.create(config, train);
        classifier.train(parts.train(), parts.test(), training, Augmentation.horizontalFlip(0.5));
        Classifier flipping = classifier.withTestTimeAugmentation(TestTimeAugmentation.HORIZONTAL_FLIP);
        flipping.save(model);
        return flipping.evaluate(test, 3);
    }
}
