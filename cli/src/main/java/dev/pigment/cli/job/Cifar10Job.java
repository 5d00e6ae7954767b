package dev.pigment.cli.job;

import dev.pigment.core.augment.Augmentation;
import dev.pigment.core.source.Cifar10;
import dev.pigment.core.source.LabelledImages;
import dev.pigment.models.classifier.Classifier;
import dev.pigment.models.classifier.ClassifierConfig;
import dev.pigment.models.train.ProgressListener;
import dev.pigment.models.train.Training;
import java.io.IOException;
import java.nio.file.Path;

/**
 * Trains pigment's default small colour-image classifier ({@link ClassifierConfig#small32}) on CIFAR-10 from the
 * binary batches you downloaded yourself (https://www.cs.toronto.edu/~kriz/cifar-10-binary.tar.gz, extracted:
 * {@code data_batch_1.bin} … {@code data_batch_5.bin}, {@code test_batch.bin}, {@code batches.meta.txt}), holding
 * out 5,000 training images for validation; evaluates on the test batch, saves the model and the plots.
 *
 * <pre>pigment train-classifier --data cifar10:cifar-10-batches-bin --out out/cifar10</pre>
 */
public final class Cifar10Job {
    /** The options of a run. */
    public record Options(Path dataDir, Path outDir, int epochs, int batchSize, long seed, double maxSeconds,
                          int validationSize) {
        public static Options of(Path dataDir, Path outDir) {
            return new Options(dataDir, outDir, 30, 128, 42, 0, 5000);
        }

        public Options with(int newEpochs, int newValidationSize) {
            return new Options(dataDir, outDir, newEpochs, batchSize, seed, maxSeconds, newValidationSize);
        }
    }

    private Cifar10Job() {
    }

    public static ClassifierJob.Result run(Options o) throws IOException {
        LabelledImages all = Cifar10.train(o.dataDir());
        LabelledImages test = Cifar10.test(o.dataDir());
        LabelledImages.Parts parts = all.split((double) o.validationSize() / all.size(), o.seed());
        ClassifierConfig config = ClassifierConfig.small32(all.numClasses()).seed(o.seed()).build();
        System.out.print(config.summary());
        Training.Builder t = Training.builder(o.epochs(), o.seed()).batchSize(o.batchSize()).warmupEpochs(1)
                .progress(ProgressListener.printing(System.out, 25));
        if (o.maxSeconds() > 0) {
            t.maxSeconds(o.maxSeconds());
        }
        Augmentation augmentation = Augmentation.of(Augmentation.horizontalFlip(0.5), Augmentation.randomShift(4));
        return ClassifierJob.run("CIFAR-10", Classifier.create(config, all), parts.train(),
                parts.test(), test, t.build(), augmentation, o.outDir());
    }
}
