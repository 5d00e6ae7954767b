package dev.pigment.cli;

import dev.pigment.cli.job.ColorizerJob;
import dev.pigment.models.colorizer.ColorizerConfig.Head;
import dev.pigment.models.train.ProgressListener;
import java.nio.file.Path;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code pigment train-colorizer}: a colorizer trained on photos, scored on held-out ones, and saved. */
@Command(name = "train-colorizer", mixinStandardHelpOptions = true,
        description = "Train a colorizer (a deep ensemble of U-Nets) on colour photos, score it on held-out photos "
                + "against the gray and mean-colour baselines, and save it with a grid of gray / pigment / original.",
        footer = {"", "Examples:", "  pigment train-colorizer            # the Debian wallpapers, 5 members",
            "  pigment train-colorizer --photos my-photos/ --members 1 --epochs 8 --out out/mine",
            "  pigment train-colorizer --heads regression,classification --members 1"})
final class TrainColorizerCommand extends Task {
    @Option(names = "--photos", paramLabel = "DIR", description = "Colour photos to learn from. Default: the "
            + "wallpapers of the Debian packages (./run.sh installs them).")
    Path photos;

    @Option(names = "--out", defaultValue = "out/colorizer", paramLabel = "DIR", description = "Where the models, "
            + "report and grid go. Default: ${DEFAULT-VALUE}.")
    Path out;

    @Option(names = "--heads", split = ",", paramLabel = "HEAD", description = "regression, classification or both "
            + "(one model each). Default: regression.")
    List<Head> heads;

    @Option(names = "--members", paramLabel = "N", description = "Ensemble members per head, 1..16. Default: 5.")
    Integer members;

    @Option(names = "--epochs", paramLabel = "N", description = "Default: 6.")
    Integer epochs;

    @Option(names = "--crops", paramLabel = "N", description = "Random crops per epoch. Default: 2048.")
    Integer crops;

    @Option(names = "--max-seconds", paramLabel = "S", description = "Time budget of each member's training; the "
            + "learning-rate schedule completes within it and --epochs becomes an upper bound. Default: none.")
    Double maxSeconds;

    @Option(names = "--seed", defaultValue = "42", description = "Default: ${DEFAULT-VALUE}.")
    long seed;

    @Override
    void work() throws Exception {
        ColorizerJob.Result r = ColorizerJob.run(options(photos, out, heads, members, epochs, crops,
                maxSeconds, seed, progress()));
        r.models().values().forEach(out()::println);
        out().flush();
    }

    /** The example's defaults with the given settings; a null keeps the default. */
    static ColorizerJob.Options options(Path photos, Path out, List<Head> heads, Integer members, Integer epochs,
                                            Integer crops, Double maxSeconds, long seed,
                                            ProgressListener progress) {
        ColorizerJob.Options d = ColorizerJob.Options.defaults();
        return new ColorizerJob.Options(photos, out, heads == null ? d.heads() : heads,
                epochs == null ? d.epochs() : epochs, crops == null ? d.cropsPerEpoch() : crops, d.cropSize(),
                d.batchSize(), seed, d.heldOut(), d.folds(), maxSeconds == null ? d.maxSeconds() : maxSeconds,
                d.weightDecay(), d.widths(), d.temperatures(), d.flipAveraging(), d.averaging(),
                members == null ? d.members() : members, d.sources(), progress);
    }
}
