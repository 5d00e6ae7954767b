package dev.pigment.cli.job;

import dev.pigment.core.BadFilePolicy;
import dev.pigment.core.Loaded;
import dev.pigment.core.Preprocessor;
import dev.pigment.core.augment.Augmentation;
import dev.pigment.core.source.ImageFolder;
import dev.pigment.core.source.LabelledImages;
import dev.pigment.models.classifier.Classifier;
import dev.pigment.models.classifier.FineTuning;
import dev.pigment.models.train.ProgressListener;
import dev.pigment.models.train.Training;
import java.io.IOException;
import java.nio.file.Path;

/**
 * Takes a saved classifier (for example the Fashion-MNIST model of {@link FashionMnistJob}) and fine-tunes it
 * on a folder of new classes ({@code data/<class>/<images>}): its feature layers are frozen, a new softmax head is
 * trained. Images are brought to the saved model's input (size, gray or colour) by the shared pipeline. 15% of the
 * folder is held out for testing, 15% of the rest for validation.
 *
 * <pre>pigment fine-tune --model out/fashion-mnist/model.pigment --data new-classes</pre>
 */
public final class FineTuneJob {
    /** The options of a run. */
    public record Options(Path model, Path dataDir, Path outDir, int epochs, int batchSize, long seed,
                          boolean unfreeze) {
        public static Options of(Path model, Path dataDir, Path outDir) {
            return new Options(model, dataDir, outDir, 10, 32, 42, false);
        }

        public Options withEpochs(int value) {
            return new Options(model, dataDir, outDir, value, batchSize, seed, unfreeze);
        }
    }

    private FineTuneJob() {
    }

    public static ClassifierJob.Result run(Options o) throws IOException {
        Classifier base = Classifier.load(o.model());
        ImageFolder folder = ImageFolder.scan(o.dataDir());
        ImageFolder.Parts testSplit = folder.split(0.15, o.seed());
        ImageFolder.Parts valSplit = testSplit.train().split(0.15, o.seed() + 1);
        Preprocessor pre = new Preprocessor(base.input(), true);
        int threads = Runtime.getRuntime().availableProcessors();
        Loaded<LabelledImages> train = valSplit.train().load(pre, BadFilePolicy.SKIP, threads);
        Loaded<LabelledImages> validation = valSplit.test().load(pre, BadFilePolicy.SKIP, threads);
        Loaded<LabelledImages> test = testSplit.test().load(pre, BadFilePolicy.SKIP, threads);
        System.out.printf("fine-tuning %s (classes %s) on %s%n", o.model(), base.classNames(),
                folder.classNames());
        Classifier tuned = base.fineTune(FineTuning.of(folder.classNames(), o.seed())
                .withFreezeFeatures(!o.unfreeze()));
        Training t = Training.builder(o.epochs(), o.seed()).batchSize(o.batchSize()).patience(4)
                .progress(ProgressListener.printing(System.out, 50)).build();
        return ClassifierJob.run("fine-tuned on " + o.dataDir().getFileName(), tuned, train.data(),
                validation.data(), test.data(), t, Augmentation.horizontalFlip(0.5), o.outDir());
    }
}
