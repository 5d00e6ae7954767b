package dev.pigment.cli;

import dev.pigment.cli.job.ColorizerJob;
import dev.pigment.models.colorizer.Colorizer;
import dev.pigment.models.colorizer.ColorizerConfig;
import dev.pigment.models.colorizer.ColorizerConfig.Head;
import dev.pigment.models.train.ProgressListener;
import java.nio.file.Path;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;

/** {@code pigment train-colorizer}: a colorizer trained on photos, scored on held-out ones, and saved. */
@Command(name = "train-colorizer", mixinStandardHelpOptions = true,
        description = "Train a colorizer (a U-Net, or a deep ensemble of them) on colour photos, score it on held-out "
                + "photos against the gray and mean-colour baselines, and save it with a grid of gray / pigment / "
                + "original. "
                + "Every epoch writes a checkpoint under OUT/checkpoints, so a killed run can go on with --resume.",
        footer = {"", "Examples:", "  pigment train-colorizer            # the Debian wallpapers, one model",
            "  pigment train-colorizer --photos my-photos/ --members 3 --out out/mine",
            "  pigment train-colorizer --heads regression,classification",
            "  pigment train-colorizer --folds 5 --sources all --loss l1",
            "  pigment train-colorizer --resume  # after a killed run: continue it"})
final class TrainColorizerCommand extends Task {
    @Option(names = "--photos", paramLabel = "DIR", description = "Colour photos to learn from (sub-folders "
            + "included). Default: the photographs of the Debian packages (./run.sh installs them), see --sources.")
    Path photos;

    @Option(names = "--sources", split = ",", paramLabel = "NAME", description = "Without --photos: which Debian "
            + "photo sources, or all. Default: wallpapers,mate-backgrounds,plasma.")
    List<String> sources;

    @Option(names = "--out", defaultValue = "out/colorizer", paramLabel = "DIR", description = "Where the models, "
            + "report and grid go. Default: ${DEFAULT-VALUE}.")
    Path out;

    @Option(names = "--heads", split = ",", paramLabel = "HEAD", description = "regression, classification or both "
            + "(one model each). Default: regression.")
    List<Head> heads;

    @Option(names = "--members", paramLabel = "N", description = "Ensemble members per head, 1..16. Default: 1.")
    Integer members;

    @Option(names = "--epochs", paramLabel = "N", description = "Default: 6.")
    Integer epochs;

    @Option(names = "--crops", paramLabel = "N", description = "Random crops per epoch. Default: 2048.")
    Integer crops;

    @Option(names = "--crop", paramLabel = "PX", description = "Side of the square training crops. Default: 64.")
    Integer crop;

    @Option(names = "--zoom", split = ",", paramLabel = "Z", description = "MIN,MAX: each crop covers a region "
            + "this many times its side (drawn uniformly between them), from photos kept at a shorter side of 256; "
            + "a region larger than the photo is reduced to fit (above 4 for 64 px crops). Default: 1,3.")
    List<Double> zoom;

    @Option(names = "--working-side", paramLabel = "PX", description = "The shorter side photos are scaled to when "
            + "colorized (saved in the model). 128 matches the middle of --zoom 1,3; 80 (about 256 divided by the "
            + "largest zoom) shows the network more of each photo and scored better on the Debian photos. Default: "
            + "128.")
    Integer workingSide;

    @Option(names = "--batch", paramLabel = "N", description = "Crops per batch. Default: 32.")
    Integer batch;

    @Option(names = "--widths", split = ",", paramLabel = "N", description = "Filters per U-Net level. Default: "
            + "16,32,64,128.")
    List<Integer> widths;

    @Option(names = "--weight-decay", paramLabel = "W", description = "Decoupled weight decay. Default: 0.1.")
    Double weightDecay;

    @Option(names = "--loss", paramLabel = "LOSS", description = "The regression head's loss: l2 (the mean of the "
            + "plausible colours, best PSNR) or l1 (their median, more colourful). Default: l2.")
    ColorizerConfig.Loss loss;

    @Option(names = "--held-out", paramLabel = "F", description = "Share of the photos held out whole, in (0, 1). "
            + "Default: 0.2.")
    Double heldOut;

    @Option(names = "--folds", paramLabel = "K", description = "K-fold cross-validation instead of one split: every "
            + "photo is colorized by a model that never saw it; the saved models train on all photos.")
    Integer folds;

    @Option(names = "--temperatures", split = ",", paramLabel = "T", description = "Also score the classification "
            + "head decoded at these annealed-mean temperatures.")
    List<Double> temperatures;

    @Option(names = "--flip-averaging", description = "Also score each head with flip averaging, and save the "
            + "models to predict with it (the mean of the photo's and its mirror's colours).")
    boolean flipAveraging;

    @Option(names = "--averaging", paramLabel = "D", description = "End with a moving average of the weights of "
            + "this decay, in [0, 1). Default: none.")
    Double averaging;

    @Option(names = "--max-seconds", paramLabel = "S", description = "Time budget of each member's training; the "
            + "learning-rate schedule completes within it and --epochs becomes an upper bound. Default: none.")
    Double maxSeconds;

    @Option(names = "--seed", defaultValue = "42", description = "Default: ${DEFAULT-VALUE}.")
    long seed;

    @Option(names = "--resume", description = "Continue from the newest checkpoints in OUT/checkpoints.")
    boolean resume;

    @Override
    void work() throws Exception {
        range(members, "--members", 1, 16);
        range(epochs, "--epochs", 1, 100_000);
        range(crops, "--crops", 1, 10_000_000);
        range(crop, "--crop", 16, 4096);
        range(batch, "--batch", 1, 65_536);
        range(folds, "--folds", 2, 100);
        range(workingSide, "--working-side", Colorizer.MIN_SIDE, Colorizer.MAX_WORKING_SIDE);
        if (zoom != null && zoom.size() != 2) {
            throw new ParameterException(spec.commandLine(), "--zoom takes MIN,MAX, got " + zoom.size() + " value(s)");
        }
        if (heldOut != null && !(heldOut > 0 && heldOut < 1)) {
            throw new ParameterException(spec.commandLine(), "--held-out must be in (0, 1), got " + heldOut);
        }
        if (averaging != null && !(averaging >= 0 && averaging < 1)) {
            throw new ParameterException(spec.commandLine(), "--averaging must be in [0, 1), got " + averaging);
        }
        if (maxSeconds != null && !(maxSeconds >= 0)) {
            throw new ParameterException(spec.commandLine(), "--max-seconds must be >= 0, got " + maxSeconds);
        }
        if (photos != null && sources != null) {
            throw new ParameterException(spec.commandLine(), "--sources picks Debian photos: leave it out with "
                    + "--photos");
        }
        ColorizerJob.Options d = ColorizerJob.Options.defaults();
        ColorizerJob.Options o;
        try {
            o = new ColorizerJob.Options(photos, out, or(heads, d.heads()), or(epochs, d.epochs()),
                    or(crops, d.cropsPerEpoch()), or(crop, d.cropSize()), or(batch, d.batchSize()), seed,
                    or(heldOut, d.heldOut()), or(folds, d.folds()), or(maxSeconds, d.maxSeconds()),
                    or(weightDecay, d.weightDecay()), or(loss, d.loss()), or(widths, d.widths()),
                    or(temperatures, d.temperatures()),
                    flipAveraging, or(averaging, d.averaging()), or(members, d.members()),
                    sources == null ? d.sources() : ColorizerJob.sources(String.join(",", sources), d.sources()),
                    resume, zoom == null ? d.minZoom() : zoom.get(0), zoom == null ? d.maxZoom() : zoom.get(1),
                    or(workingSide, d.workingSide()), progress());
        } catch (IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(), e.getMessage());
        }
        ColorizerJob.Result r = ColorizerJob.run(o);
        r.models().values().forEach(out()::println);
        out().flush();
    }

    /** The job's defaults with the given settings; a null keeps the default. */
    static ColorizerJob.Options options(Path photos, Path out, List<Head> heads, Integer members, Integer epochs,
                                        Integer crops, Double maxSeconds, long seed, boolean resume,
                                        ProgressListener progress) {
        ColorizerJob.Options d = ColorizerJob.Options.defaults();
        return new ColorizerJob.Options(photos, out, or(heads, d.heads()), or(epochs, d.epochs()),
                or(crops, d.cropsPerEpoch()), d.cropSize(), d.batchSize(), seed, d.heldOut(), d.folds(),
                or(maxSeconds, d.maxSeconds()), d.weightDecay(), d.loss(), d.widths(), d.temperatures(),
                d.flipAveraging(),
                d.averaging(), or(members, d.members()), d.sources(), resume, d.minZoom(), d.maxZoom(), d.workingSide(),
                progress);
    }

}
