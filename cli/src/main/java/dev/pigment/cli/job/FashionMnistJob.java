package dev.pigment.cli.job;

import dev.pigment.core.augment.Augmentation;
import dev.pigment.core.source.FashionMnist;
import dev.pigment.core.source.LabelledImages;
import dev.pigment.models.classifier.Classifier;
import dev.pigment.models.classifier.ClassifierConfig;
import dev.pigment.models.TestTimeAugmentation;
import dev.pigment.models.train.ProgressListener;
import dev.pigment.models.train.Training;
import java.io.IOException;
import java.nio.file.Path;

/**
 * Trains pigment's default small-image classifier ({@link ClassifierConfig#small28}) on Fashion-MNIST from the
 * Debian package {@code dataset-fashion-mnist}, holding out 5,000 training images for validation, then evaluates
 * on the 10,000 test images, saves the model and writes the training curves and confusion matrix.
 *
 * <pre>pigment train-classifier --out out/fashion-mnist</pre>
 *
 * <p>With a time budget ({@code --max-seconds}, 590 by default) the learning-rate schedule is fitted to it
 * ({@link Training.Builder#scheduleToBudget}): the run measures its own speed and completes its warm-up and cosine
 * within the budget, so a slow CPU trains fewer epochs but still anneals; {@code --epochs} is then an upper bound.
 */
public final class FashionMnistJob {
    /** Default settings: the run measured in the README. */
    public record Options(Path dataDir, Path outDir, int epochs, int batchSize, long seed, double maxSeconds,
                          double labelSmoothing, double erasing, int shift, double weightDecay,
                          int validationSize, int trainLimit, int testLimit, long maxImages, boolean resume,
                          ProgressListener progress) {
        public static Options defaults() {
            return new Options(FashionMnist.DEBIAN_DIR, Path.of("out/fashion-mnist"), 30, 128, 42, 590, 0, 0, 0,
                    0, 5000, 0, 0, 0, false, ProgressListener.printing(System.out, 25));
        }

        public Options withData(Path dir, Path out) {
            return new Options(dir, out, epochs, batchSize, seed, maxSeconds, labelSmoothing, erasing, shift,
                    weightDecay, validationSize, trainLimit, testLimit, maxImages, resume, progress);
        }

        /** These options continuing from the newest checkpoint, or not. */
        public Options withResume(boolean value) {
            return new Options(dataDir, outDir, epochs, batchSize, seed, maxSeconds, labelSmoothing, erasing, shift,
                    weightDecay, validationSize, trainLimit, testLimit, maxImages, value, progress);
        }

        /**
         * A small run: the first {@code train} training and {@code test} test images, {@code epochs} epochs,
         * batches of 64.
         */
        public Options small(int train, int test, int validation, int newEpochs) {
            return new Options(dataDir, outDir, newEpochs, 64, seed, maxSeconds, labelSmoothing, erasing, shift,
                    weightDecay, validation, train, test, maxImages, resume, progress);
        }
    }

    private FashionMnistJob() {
    }

    public static ClassifierJob.Result run(Options o) throws IOException {
        return run(o, "Fashion-MNIST", FashionMnist.train(o.dataDir()), FashionMnist.test(o.dataDir()));
    }

    /** As {@link #run(Options)}, on {@code all} and {@code test} rather than the IDX files of the options. */
    public static ClassifierJob.Result run(Options o, String title, LabelledImages all, LabelledImages test)
            throws IOException {
        if (o.trainLimit() > 0) {
            all = all.subset(first(Math.min(o.trainLimit(), all.size())));
        }
        if (o.testLimit() > 0) {
            test = test.subset(first(Math.min(o.testLimit(), test.size())));
        }
        LabelledImages.Parts parts = all.split((double) o.validationSize() / all.size(), o.seed());
        ClassifierConfig base = ClassifierConfig.small28(all.numClasses()).seed(o.seed()).build();
        ClassifierConfig config = base.toBuilder().optimizer(base.optimizer().withWeightDecay(o.weightDecay())).build();
        System.out.print(config.summary());
        Classifier classifier = Classifier.create(config, all);
        Training.Builder t = Training.builder(o.epochs(), o.seed()).batchSize(o.batchSize()).warmupEpochs(0.3)
                .labelSmoothing(o.labelSmoothing()).maxImages(o.maxImages())
                .checkpoints(o.outDir().resolve("checkpoints"), 1).keepCheckpoints(2).resume(o.resume())
                .progress(o.progress());
        if (o.maxSeconds() > 0) {
            t.maxSeconds(o.maxSeconds()).scheduleToBudget(true);
        }
        return ClassifierJob.run(title, classifier, parts.train(), parts.test(), test, t.build(),
                augmentation(o), o.outDir(), TestTimeAugmentation.HORIZONTAL_FLIP);
    }

    /**
     * Mirror images (the garments are centred and left-right symmetric), then, if asked, shifts of up to
     * {@code shift} pixels and random erasing with probability {@code erasing} (areas 0.02–0.4).
     */
    static Augmentation augmentation(Options o) {
        Augmentation a = Augmentation.horizontalFlip(0.5);
        if (o.shift() > 0) {
            a = a.then(Augmentation.randomShift(o.shift()));
        }
        if (o.erasing() > 0) {
            a = a.then(Augmentation.randomErasing(o.erasing(), 0.02, 0.4));
        }
        return a;
    }

    static int[] first(int n) {
        int[] idx = new int[n];
        for (int i = 0; i < n; i++) {
            idx[i] = i;
        }
        return idx;
    }
}
