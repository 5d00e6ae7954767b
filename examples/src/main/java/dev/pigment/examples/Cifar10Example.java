package dev.pigment.examples;

import dev.pigment.core.augment.Augmentation;
import dev.pigment.core.metrics.ClassificationScores;
import dev.pigment.core.source.Cifar10;
import dev.pigment.core.source.LabelledImages;
import dev.pigment.models.classifier.Classifier;
import dev.pigment.models.classifier.ClassifierConfig;
import dev.pigment.models.train.ProgressListener;
import dev.pigment.models.train.Training;
import java.io.IOException;
import java.nio.file.Path;

/**
 * Trains pigment's small colour-image classifier ({@link ClassifierConfig#small32}) on CIFAR-10 from the binary
 * batches you downloaded yourself (https://www.cs.toronto.edu/~kriz/cifar-10-binary.tar.gz, extracted), with flips
 * and shifts of up to 4 pixels, and scores it on the test batch.
 *
 * <pre>./mvnw -q -pl examples exec:java -Dexec.mainClass=dev.pigment.examples.Cifar10Example \
 *     -Dexec.args=cifar-10-batches-bin</pre>
 */
public final class Cifar10Example {
    private Cifar10Example() {
    }

    public static void main(String[] args) throws IOException {
        if (args.length != 1) {
            throw new IllegalArgumentException("usage: Cifar10Example DIR (the extracted cifar-10-batches-bin)");
        }
        Training training = Training.builder(30, 42).batchSize(128).warmupEpochs(1)
                .progress(ProgressListener.printing(System.out, 25)).build();
        System.out.print(run(Path.of(args[0]), training, Path.of("out/examples/cifar10.pigment")).report());
    }

    /** Trains on the five training batches in {@code dir} (a tenth held out for validation) and saves to model. */
    public static ClassificationScores run(Path dir, Training training, Path model) throws IOException {
        LabelledImages train = Cifar10.train(dir);
        LabelledImages.Parts parts = train.split(0.1, training.seed());
        Classifier classifier = Classifier.create(ClassifierConfig.small32(train.numClasses())
                .seed(training.seed()).build(), train);
        classifier.train(parts.train(), parts.test(), training,
                Augmentation.of(Augmentation.horizontalFlip(0.5), Augmentation.randomShift(4)));
        classifier.save(model);
        return classifier.evaluate(Cifar10.test(dir), 3);
    }
}
