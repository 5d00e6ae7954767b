package dev.pigment.cli;

import dev.pigment.cli.job.Cifar10Job;
import dev.pigment.cli.job.ClassifierJob;
import dev.pigment.cli.job.FashionMnistJob;
import dev.pigment.cli.job.ImageFolderJob;
import java.nio.file.Path;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;

/** {@code pigment train-classifier}: a classifier trained, evaluated and saved with its curves. */
@Command(name = "train-classifier", mixinStandardHelpOptions = true,
        description = "Train a CNN classifier, evaluate it on held-out images and save it (model.pigment), with its "
                + "training curves and confusion matrix. Fashion-MNIST and IDX train pigment's small28 network, "
                + "CIFAR-10 small32, folders photo128 at --size.",
        footer = {"", "Examples:", "  pigment train-classifier           # Fashion-MNIST, a 590 s budget",
            "  pigment train-classifier --data folder:PetImages --size 96 --out out/pets",
            "  pigment train-classifier --data cifar10:cifar-10-batches-bin --epochs 20",
            "  pigment train-classifier --resume  # after a killed run: continue it"})
final class TrainClassifierCommand extends Task {
    @Option(names = "--data", defaultValue = "fashion-mnist", converter = DataSource.Converter.class,
            paramLabel = "SOURCE", description = "The training images: " + DataSource.FORMATS
                    + ". Default: ${DEFAULT-VALUE}.")
    DataSource data;

    @Option(names = "--out", paramLabel = "DIR", description = "Where the model, plots and report go. Default: "
            + "out/fashion-mnist, out/cifar10 or out/image-folder.")
    Path out;

    @Option(names = "--epochs", paramLabel = "N", description = "Epochs at most (with a time budget, an upper "
            + "bound). Default: 30, or 15 for folders.")
    Integer epochs;

    @Option(names = "--batch", paramLabel = "N", description = "Images per batch. Default: 128, or 32 for folders.")
    Integer batch;

    @Option(names = "--seed", defaultValue = "42", description = "Seed of the weights, the split, shuffling and "
            + "augmentation. Default: ${DEFAULT-VALUE}.")
    long seed;

    @Option(names = "--max-seconds", paramLabel = "S", description = "Training time budget; the learning-rate "
            + "schedule completes within it. Default: 590 for Fashion-MNIST and IDX, none otherwise.")
    Double maxSeconds;

    @Option(names = "--size", defaultValue = "128", paramLabel = "PX", description = "Folders: the input side. "
            + "Default: ${DEFAULT-VALUE}.")
    int size;

    @Option(names = "--resume", description = "Fashion-MNIST and IDX: continue from the newest checkpoint in "
            + "OUT/checkpoints (each epoch writes one).")
    boolean resume;

    @Override
    void work() throws Exception {
        check(epochs, "--epochs", 1, 100_000);
        check(batch, "--batch", 1, 65_536);
        if (maxSeconds != null && !(maxSeconds >= 0)) {
            throw new ParameterException(spec.commandLine(), "--max-seconds must be >= 0, got " + maxSeconds);
        }
        if (resume && data.kind() != DataSource.Kind.IDX) {
            throw new ParameterException(spec.commandLine(), "--resume works with fashion-mnist and idx:DIR");
        }
        ClassifierJob.Result r = switch (data.kind()) {
            case IDX -> {
                FashionMnistJob.Options d = FashionMnistJob.Options.defaults()
                        .withData(data.dir(), out != null ? out : Path.of("out/fashion-mnist"));
                yield FashionMnistJob.run(new FashionMnistJob.Options(d.dataDir(), d.outDir(),
                        or(epochs, d.epochs()), or(batch, d.batchSize()), seed, or(maxSeconds, d.maxSeconds()),
                        d.labelSmoothing(), d.erasing(), d.shift(), d.weightDecay(), d.validationSize(),
                        d.trainLimit(), d.testLimit(), d.maxImages(), resume, progress()));
            }
            case CIFAR10 -> {
                Cifar10Job.Options d = Cifar10Job.Options.of(data.dir(),
                        out != null ? out : Path.of("out/cifar10"));
                yield Cifar10Job.run(new Cifar10Job.Options(d.dataDir(), d.outDir(), or(epochs, d.epochs()),
                        or(batch, d.batchSize()), seed, or(maxSeconds, d.maxSeconds()), d.validationSize()));
            }
            case FOLDER -> {
                ImageFolderJob.Options d = ImageFolderJob.Options.of(data.dir(), null,
                        out != null ? out : Path.of("out/image-folder"));
                yield ImageFolderJob.run(new ImageFolderJob.Options(d.dataDir(), null, d.outDir(), size,
                        or(epochs, d.epochs()), or(batch, d.batchSize()), seed, or(maxSeconds, d.maxSeconds())))
                        .job();
            }
        };
        out().println(r.model());
        out().flush();
    }

    private void check(Integer value, String name, int min, int max) {
        if (value != null && (value < min || value > max)) {
            throw new ParameterException(spec.commandLine(), name + " must be in " + min + ".." + max + ", got "
                    + value);
        }
    }

    private static <T> T or(T value, T fallback) {
        return value != null ? value : fallback;
    }
}
