package dev.pigment.cli;

import dev.pigment.cli.job.ClassifierJob;
import dev.pigment.cli.job.ColorizerJob;
import dev.pigment.cli.job.FashionMnistJob;
import java.nio.file.Path;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;

/** {@code pigment demo}: both halves of pigment on the Debian data. */
@Command(name = "demo", mixinStandardHelpOptions = true,
        description = "The main job: train the default classifier on Fashion-MNIST within a time budget and "
                + "evaluate it on the 10,000 test images; then train a colorizer on the Debian wallpapers and score "
                + "it on held-out photos against the gray and mean-colour baselines. Everything goes under --out.",
        footer = {"", "Examples:", "  pigment demo", "  pigment demo --classifier-seconds 120 --colorizer-seconds 60",
            "  pigment demo --resume              # after a killed run"})
final class DemoCommand extends Task {
    /** The colorizer's epochs at most: its schedule is fitted to its time budget, which ends it sooner. */
    static final int COLORIZER_EPOCHS = 30;

    @Option(names = "--out", defaultValue = "out", paramLabel = "DIR", description = "Default: ${DEFAULT-VALUE}.")
    Path out;

    @Option(names = "--classifier-seconds", defaultValue = "590", paramLabel = "S", description = "The classifier's "
            + "training budget. Default: ${DEFAULT-VALUE}.")
    double classifierSeconds;

    @Option(names = "--colorizer-seconds", defaultValue = "150", paramLabel = "S", description = "The colorizer's "
            + "training budget. Default: ${DEFAULT-VALUE}.")
    double colorizerSeconds;

    @Option(names = "--seed", defaultValue = "42", description = "Default: ${DEFAULT-VALUE}.")
    long seed;

    @Option(names = "--resume", description = "Continue the classifier from its newest checkpoint.")
    boolean resume;

    @Override
    void work() throws Exception {
        if (!(classifierSeconds > 0) || !(colorizerSeconds > 0)) {
            throw new ParameterException(spec.commandLine(), "the time budgets must be above 0");
        }
        FashionMnistJob.Options d = FashionMnistJob.Options.defaults();
        ClassifierJob.Result classifier = FashionMnistJob.run(new FashionMnistJob.Options(d.dataDir(),
                out.resolve("fashion-mnist"), d.epochs(), d.batchSize(), seed, classifierSeconds, d.labelSmoothing(),
                d.erasing(), d.shift(), d.weightDecay(), d.validationSize(), d.trainLimit(), d.testLimit(),
                d.maxImages(), resume, progress()));
        ColorizerJob.Result colorizer = ColorizerJob.run(TrainColorizerCommand.options(null,
                out.resolve("colorizer"), null, 1, COLORIZER_EPOCHS, null, colorizerSeconds, seed, progress()));
        out().println("classifier: " + classifier.model() + " (" + classifier.report() + ")");
        colorizer.models().values().forEach(m -> out().println("colorizer: " + m + " (" + colorizer.text() + ")"));
        out().flush();
    }
}
