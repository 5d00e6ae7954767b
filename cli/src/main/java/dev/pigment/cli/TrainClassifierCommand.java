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

    @Option(names = "--erasing", defaultValue = "0", paramLabel = "P", description = "Fashion-MNIST and IDX: random "
            + "erasing with this probability (areas 2-40%%). Default: ${DEFAULT-VALUE}.")
    double erasing;

    @Option(names = "--shift", defaultValue = "0", paramLabel = "PX", description = "Fashion-MNIST and IDX: random "
            + "shifts of up to this many pixels. Default: ${DEFAULT-VALUE}.")
    int shift;

    @Option(names = "--label-smoothing", defaultValue = "0", paramLabel = "E", description = "Fashion-MNIST and "
            + "IDX: label smoothing, in [0, 1). Default: ${DEFAULT-VALUE}.")
    double labelSmoothing;

    @Option(names = "--weight-decay", defaultValue = "0", paramLabel = "W", description = "Fashion-MNIST and IDX: "
            + "decoupled weight decay. Default: ${DEFAULT-VALUE}.")
    double weightDecay;

    @Option(names = "--limit", defaultValue = "0", paramLabel = "N", description = "Fashion-MNIST and IDX: train on "
            + "the first N training images only, for a quick look. Default: all.")
    int limit;

    @Option(names = "--max-images", defaultValue = "0", paramLabel = "N", description = "Fashion-MNIST and IDX: end "
            + "after this many training images. Default: no limit.")
    long maxImages;

    @Override
    void work() throws Exception {
        range(epochs, "--epochs", 1, 100_000);
        range(batch, "--batch", 1, 65_536);
        if (maxSeconds != null && !(maxSeconds >= 0)) {
            throw new ParameterException(spec.commandLine(), "--max-seconds must be >= 0, got " + maxSeconds);
        }
        boolean idxOnly = resume || erasing != 0 || shift != 0 || labelSmoothing != 0 || weightDecay != 0 || limit != 0
                || maxImages != 0;
        if (idxOnly && data.kind() != DataSource.Kind.IDX) {
            throw new ParameterException(spec.commandLine(), "--resume, --erasing, --shift, --label-smoothing, "
                    + "--weight-decay, --limit and --max-images work with fashion-mnist and idx:DIR");
        }
        if (!(erasing >= 0 && erasing <= 1) || shift < 0 || shift > 8 || !(labelSmoothing >= 0 && labelSmoothing < 1)
                || !(weightDecay >= 0) || limit < 0 || maxImages < 0) {
            throw new ParameterException(spec.commandLine(), "need --erasing in [0, 1], --shift in 0..8, "
                    + "--label-smoothing in [0, 1), --weight-decay, --limit and --max-images >= 0");
        }
        ClassifierJob.Result r = switch (data.kind()) {
            case IDX -> {
                FashionMnistJob.Options d = FashionMnistJob.Options.defaults()
                        .withData(data.dir(), out != null ? out : Path.of("out/fashion-mnist"));
                yield FashionMnistJob.run(new FashionMnistJob.Options(d.dataDir(), d.outDir(),
                        or(epochs, d.epochs()), or(batch, d.batchSize()), seed, or(maxSeconds, d.maxSeconds()),
                        labelSmoothing, erasing, shift, weightDecay, d.validationSize(), limit, d.testLimit(),
                        maxImages, resume, progress()));
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
}
