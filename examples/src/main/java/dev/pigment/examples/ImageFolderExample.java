package dev.pigment.examples;

import dev.pigment.core.BadFilePolicy;
import dev.pigment.core.Preprocessor;
import dev.pigment.core.augment.Augmentation;
import dev.pigment.core.source.ImageFolder;
import dev.pigment.core.source.LabelledImages;
import dev.pigment.models.classifier.Classifier;
import dev.pigment.models.classifier.ClassifierConfig;
import dev.pigment.models.train.ProgressListener;
import dev.pigment.models.train.Training;
import java.io.IOException;
import java.nio.file.Path;

/**
 * Trains a photo classifier ({@link ClassifierConfig#photo128}) on a folder with one sub-folder of images per class
 * (the dogs/cats layout: {@code data/cat/*.jpg}, {@code data/dog/*.jpg}), 15% held out for validation, unreadable
 * files skipped; then classifies every image of a second folder.
 *
 * <pre>./mvnw -q -pl examples exec:java -Dexec.mainClass=dev.pigment.examples.ImageFolderExample \
 *     -Dexec.args="PetImages new-photos"</pre>
 */
public final class ImageFolderExample {
    private ImageFolderExample() {
    }

    public static void main(String[] args) throws IOException {
        if (args.length != 2) {
            throw new IllegalArgumentException("usage: ImageFolderExample TRAIN_DIR CLASSIFY_DIR");
        }
        Training training = Training.builder(15, 42).batchSize(32).warmupEpochs(0.5).patience(5)
                .progress(ProgressListener.printing(System.out, 25)).build();
        Classifier.FolderPredictions predictions = run(Path.of(args[0]), 128, training, Path.of(args[1]));
        predictions.predictions().forEach(p -> System.out.println(p.file() + ": " + p.prediction()));
        System.out.println(predictions.report());
    }

    /** Trains at {@code size}×{@code size} on the class folders under {@code data}, then classifies {@code fresh}. */
    public static Classifier.FolderPredictions run(Path data, int size, Training training, Path fresh)
            throws IOException {
        ImageFolder folder = ImageFolder.scan(data);
        ImageFolder.Parts parts = folder.split(0.15, training.seed());
        ClassifierConfig config = ClassifierConfig.photo128(folder.classNames().size()).inputSize(size, size)
                .seed(training.seed()).build();
        Preprocessor pre = new Preprocessor(config.input(), true);
        int threads = Runtime.getRuntime().availableProcessors();
        LabelledImages train = parts.train().load(pre, BadFilePolicy.SKIP, threads).data();
        LabelledImages validation = parts.test().load(pre, BadFilePolicy.SKIP, threads).data();
        Classifier classifier = Classifier.create(config, folder.classNames());
        classifier.train(train, validation, training,
                Augmentation.of(Augmentation.horizontalFlip(0.5), Augmentation.rotateScale(10, 0.9, 1.1)));
        return classifier.classifyFolder(fresh, 32, BadFilePolicy.SKIP);
    }
}
