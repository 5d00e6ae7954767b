package dev.pigment.cli;

import dev.pigment.cli.job.ClassifierJob;
import dev.pigment.cli.job.FineTuneJob;
import java.nio.file.Path;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;

/** {@code pigment fine-tune}: a trained classifier's features reused for new classes. */
@Command(name = "fine-tune", mixinStandardHelpOptions = true,
        description = "Start a classifier for new classes from a trained one: its feature layers are copied (frozen "
                + "unless --unfreeze) and a new head trains on a folder with one sub-folder per class.",
        footer = {"", "Examples:",
            "  pigment fine-tune --model out/fashion-mnist/model.pigment --data shoes/ --out out/shoes",
            "  pigment fine-tune --model pets.pigment --data breeds/ --unfreeze --epochs 20"})
final class FineTuneCommand extends Task {
    @Option(names = "--model", required = true, paramLabel = "FILE", description = "The trained classifier to start "
            + "from.")
    Path model;

    @Option(names = "--data", required = true, paramLabel = "DIR", description = "The new classes: DIR/<class>/"
            + "<images>.")
    Path data;

    @Option(names = "--out", defaultValue = "out/fine-tune", paramLabel = "DIR", description = "Where the model and "
            + "plots go. Default: ${DEFAULT-VALUE}.")
    Path out;

    @Option(names = "--epochs", defaultValue = "10", paramLabel = "N", description = "Default: ${DEFAULT-VALUE}.")
    int epochs;

    @Option(names = "--batch", defaultValue = "32", paramLabel = "N", description = "Default: ${DEFAULT-VALUE}.")
    int batch;

    @Option(names = "--seed", defaultValue = "42", description = "Default: ${DEFAULT-VALUE}.")
    long seed;

    @Option(names = "--unfreeze", description = "Train the copied feature layers too.")
    boolean unfreeze;

    @Override
    void work() throws Exception {
        if (epochs < 1 || batch < 1) {
            throw new ParameterException(spec.commandLine(), "--epochs and --batch must be at least 1");
        }
        ClassifierJob.Result r = FineTuneJob.run(new FineTuneJob.Options(model, data, out, epochs, batch, seed,
                unfreeze));
        out().println(r.model());
        out().flush();
    }
}
