package dev.pigment.cli.job;

import dev.pigment.core.BadFilePolicy;
import dev.pigment.core.InputSpec;
import dev.pigment.core.LoadReport;
import dev.pigment.core.Loaded;
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
import java.util.ArrayList;
import java.util.List;

/**
 * Trains a photo classifier ({@link ClassifierConfig#photo128}, at any square input size) on a folder with one
 * sub-folder of images per class (the dogs/cats layout: {@code data/cat/*.jpg}, {@code data/dog/*.jpg}), holding out
 * 15% for testing and 15% of the rest for validation, then classifies a folder of new images.
 *
 * <pre>pigment train-classifier --data folder:PetImages --out out/pets</pre>
 */
public final class ImageFolderJob {
    /** The options of a run; {@code classifyDir} may be null. */
    public record Options(Path dataDir, Path classifyDir, Path outDir, int size, int epochs, int batchSize, long seed,
                          double maxSeconds) {
        public static Options of(Path dataDir, Path classifyDir, Path outDir) {
            return new Options(dataDir, classifyDir, outDir, 128, 15, 32, 42, 0);
        }

        public Options with(int newSize, int newEpochs) {
            return new Options(dataDir, classifyDir, outDir, newSize, newEpochs, batchSize, seed, maxSeconds);
        }
    }

    /** The job's result, the files skipped as unreadable, and the predictions for the new images (if any). */
    public record Result(ClassifierJob.Result job, List<LoadReport.Skipped> skipped,
                         Classifier.FolderPredictions predictions) {
    }

    private ImageFolderJob() {
    }

    public static Result run(Options o) throws IOException {
        ImageFolder folder = ImageFolder.scan(o.dataDir());
        ImageFolder.Parts testSplit = folder.split(0.15, o.seed());
        ImageFolder.Parts valSplit = testSplit.train().split(0.15, o.seed() + 1);
        ClassifierConfig config = ClassifierConfig.photo128(folder.classNames().size())
                .inputSize(o.size(), o.size()).seed(o.seed()).build();
        InputSpec spec = config.input();
        Preprocessor pre = new Preprocessor(spec, true);
        int threads = Runtime.getRuntime().availableProcessors();
        Loaded<LabelledImages> train = valSplit.train().load(pre, BadFilePolicy.SKIP, threads);
        Loaded<LabelledImages> validation = valSplit.test().load(pre, BadFilePolicy.SKIP, threads);
        Loaded<LabelledImages> test = testSplit.test().load(pre, BadFilePolicy.SKIP, threads);
        List<LoadReport.Skipped> skipped = new ArrayList<>();
        for (Loaded<LabelledImages> l : List.of(train, validation, test)) {
            skipped.addAll(l.report().skipped());
        }
        skipped.forEach(s -> System.out.println("skipped " + s));
        Classifier classifier = Classifier.create(config, folder.classNames());
        Training.Builder t = Training.builder(o.epochs(), o.seed()).batchSize(o.batchSize()).warmupEpochs(0.5)
                .patience(5).progress(ProgressListener.printing(System.out, 25));
        if (o.maxSeconds() > 0) {
            t.maxSeconds(o.maxSeconds());
        }
        Augmentation augmentation = Augmentation.of(Augmentation.horizontalFlip(0.5),
                Augmentation.rotateScale(10, 0.9, 1.1));
        ClassifierJob.Result job = ClassifierJob.run("image folder " + o.dataDir().getFileName(), classifier,
                train.data(), validation.data(), test.data(), t.build(), augmentation, o.outDir());
        Classifier.FolderPredictions predictions = o.classifyDir() == null
                ? new Classifier.FolderPredictions(List.of(), new LoadReport(0, List.of()))
                : Classifier.load(job.model()).classifyFolder(o.classifyDir(), 32, BadFilePolicy.SKIP);
        return new Result(job, skipped, predictions);
    }
}
