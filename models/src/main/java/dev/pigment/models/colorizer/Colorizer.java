package dev.pigment.models.colorizer;

import dev.pigment.models.engine.ConvBlock;
import dev.pigment.models.inspect.Inspection;
import dev.pigment.models.inspect.FeatureMap;
import dev.pigment.models.engine.NetworkSummary;
import dev.pigment.core.BadFilePolicy;
import dev.pigment.core.BadInputException;
import dev.pigment.core.InputSpec;
import dev.pigment.core.LoadReport;
import dev.pigment.core.Preprocessor;
import dev.pigment.core.color.AbBins;
import dev.pigment.core.color.Colorization;
import dev.pigment.core.dataset.ColorizationIterator;
import dev.pigment.core.image.Bitmap;
import dev.pigment.core.image.FileBatches;
import dev.pigment.core.image.ImageFiles;
import dev.pigment.core.image.PixelRows;
import dev.pigment.core.metrics.Baselines;
import dev.pigment.core.metrics.ColorizationScores;
import dev.pigment.core.source.PhotoSet;
import dev.pigment.models.TestTimeAugmentation;
import dev.pigment.models.engine.Engine;
import dev.pigment.models.engine.InferenceGraph;
import dev.pigment.models.engine.SideThreads;
import dev.pigment.models.io.ModelFile;
import dev.pigment.models.io.Pretrained;
import dev.pigment.models.train.Training;
import dev.pigment.models.train.TrainingHistory;
import dev.pigment.models.train.TrainingLoop;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.InputStream;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Properties;
import org.deeplearning4j.nn.conf.CNN2DFormat;
import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.api.DataSetPreProcessor;

/**
 * A colorizer: an encoder–decoder from CIE L* to a*b* ({@link ColorizerConfig}) with what it needs to colorize a
 * photo — the input specification, the head (regression, or classification over {@link AbBins} with the annealed
 * mean), the working size — and the mean a*b* of its training photos (the "mean colour" baseline). They travel
 * together in one model file.
 *
 * <p>Colorizing a photo of any size ({@link #colorize(Bitmap)}): its L* is computed at full resolution; the photo is
 * scaled so that its shorter side is {@link #workingSide()}, padded to a multiple of the network's
 * {@linkplain ColorizerConfig#sizeMultiple() size multiple}, and run through the network; the predicted a*b* is
 * upsampled bilinearly to the photo's size and joined with its own L* ({@link Colorization#join}). The output has the
 * input's size and L*; colour and grayscale inputs are both accepted. Every prediction runs through each network's
 * {@link InferenceGraph} (batch normalisation folded into the convolutions, refolded when the weights change).
 *
 * <p>Thread-safe: a DL4J network is not, so every use of a network (a forward pass, a training run, saving) holds
 * that network's lock, which the colorizers that share it ({@link #withTemperature}, {@link #withTestTimeAugmentation},
 * an {@link #ensemble} and its members) share too. Calls from many threads run their passes through one network one
 * at a time; each pass already uses every core through oneDNN, and an ensemble runs its members side by side (on the
 * calling thread and up to one helper thread per further core), while decoding, resampling and file work run in
 * parallel. For passes through one network that truly run side by side, load one colorizer per thread.
 */
public final class Colorizer {
    /** The model kind in the model file. */
    public static final String KIND = "colorizer";
    /** Photos whose shorter side is below this are refused: there is nothing to colorize. */
    public static final int MIN_SIDE = 16;
    /** The largest working side. */
    public static final int MAX_WORKING_SIDE = 4096;

    /** The smallest working side of a network whose input sides must be multiples of {@code sizeMultiple}. */
    public static int smallestWorkingSide(int sizeMultiple) {
        return Math.max(sizeMultiple, MIN_SIDE);
    }

    /**
     * Checks that {@code side} is a working side for a network whose input sides must be multiples of
     * {@code sizeMultiple}: {@link #smallestWorkingSide} to {@link #MAX_WORKING_SIDE}.
     *
     * @param name the setting's name in the message ({@code workingSide}, {@code --working-side})
     * @param context words after the range in the message, such as {@code " for 6 levels"}, or empty
     * @throws IllegalArgumentException naming the setting, the range and the value when it is outside
     */
    public static void requireWorkingSide(String name, int side, int sizeMultiple, String context) {
        int smallest = smallestWorkingSide(sizeMultiple);
        if (side < smallest || side > MAX_WORKING_SIDE) {
            throw new IllegalArgumentException(name + " must be in " + smallest + ".." + MAX_WORKING_SIDE + context
                    + ", got " + side);
        }
    }

    private final List<ComputationGraph> networks;
    /** Each network's inference twin, with batch normalisation folded in ({@link InferenceGraph}). */
    private final List<InferenceGraph> twins;
    private final InputSpec input;
    private final ColorizerHead head;
    private final int workingSide;
    private final int sizeMultiple;
    private final double[] meanAb;
    private final TestTimeAugmentation testTimeAugmentation;
    /** Where an ensemble's members run side by side. */
    private final SideThreads sideThreads;

    private Colorizer(List<InferenceGraph> twins, InputSpec input, ColorizerHead head, int workingSide,
                      int sizeMultiple, double[] meanAb, TestTimeAugmentation testTimeAugmentation) {
        this.twins = List.copyOf(twins);
        if (this.twins.isEmpty()) {
            throw new IllegalArgumentException("a colorizer needs a network");
        }
        this.networks = this.twins.stream().map(InferenceGraph::source).toList();
        this.sideThreads = SideThreads.forTasks("colorizer-ensemble", this.networks.size());
        this.input = input;
        this.head = Objects.requireNonNull(head, "head");
        if (input.colorSpace() != dev.pigment.core.ColorSpace.LAB_L) {
            throw new IllegalArgumentException("a colorizer's input is L* (LAB_L), not " + input.colorSpace());
        }
        if (sizeMultiple < 1 || sizeMultiple > 64 || Integer.bitCount(sizeMultiple) != 1) {
            throw new IllegalArgumentException("sizeMultiple must be a power of two in 1..64, got " + sizeMultiple);
        }
        requireWorkingSide("workingSide", workingSide, sizeMultiple, "");
        if (meanAb.length != 2 || !Double.isFinite(meanAb[0]) || !Double.isFinite(meanAb[1])) {
            throw new IllegalArgumentException("meanAb must be two finite numbers, got " + Arrays.toString(meanAb));
        }
        for (ComputationGraph net : this.networks) {
            long channels = net.getLayer(ColorizerConfig.HEAD).getParam("b").length();
            if (channels != head.outputChannels()) {
                throw new IllegalArgumentException("the network's head has " + channels + " output channels; the "
                        + head.kind() + " head needs " + head.outputChannels());
            }
        }
        this.workingSide = workingSide;
        this.sizeMultiple = sizeMultiple;
        this.meanAb = meanAb.clone();
        this.testTimeAugmentation = Objects.requireNonNull(testTimeAugmentation, "testTimeAugmentation");
    }

    /**
     * A new, untrained colorizer. The classification head's a*b* cells, their prior and rebalancing weights come from
     * {@code training}'s pixels ({@link AbBins#fromPhotos}); so does the mean a*b*.
     *
     * @throws IllegalArgumentException if {@code training} is empty
     */
    public static Colorizer create(ColorizerConfig config, PhotoSet training) {
        Objects.requireNonNull(config, "config");
        if (training.size() == 0) {
            throw new IllegalArgumentException("no training photos");
        }
        ColorizerHead head = ColorizerHead.of(config, training);
        ComputationGraph net = new ComputationGraph(config.graph(head));
        net.init();
        return new Colorizer(List.of(new InferenceGraph(net)), config.input(), head, config.workingSide(), config.sizeMultiple(),
                Baselines.meanAb(training.photos()), TestTimeAugmentation.NONE);
    }

    /**
     * A deep ensemble (Lakshminarayanan, Pritzel and Blundell, "Simple and Scalable Predictive Uncertainty Estimation
     * using Deep Ensembles", NeurIPS 2017) of colorizers of one architecture, trained alike from different seeds: it
     * colorizes with the mean of their outputs — a*b* for regression, the cells' probabilities (then the annealed
     * mean) for classification — at one network pass per member. Its mean a*b* is the members' mean; it is saved
     * and loaded as one model file. The members' networks are shared, not copied.
     *
     * @throws IllegalArgumentException if {@code members} is empty or they differ in layers and weight shapes,
     *     input, head, loss, cells, temperature or working side
     */
    public static Colorizer ensemble(List<Colorizer> members) {
        if (members.isEmpty()) {
            throw new IllegalArgumentException("an ensemble needs at least one member");
        }
        Colorizer first = members.get(0);
        List<InferenceGraph> nets = new ArrayList<>();
        double[] mean = new double[2];
        for (int m = 0; m < members.size(); m++) {
            Colorizer c = members.get(m);
            String why = !c.input.equals(first.input) ? "input " + c.input + " vs " + first.input
                    : c.head.kind() != first.head.kind() ? "head " + c.head.kind() + " vs " + first.head.kind()
                    : !c.head.equals(first.head) ? "head settings (the loss, a*b* cells from other photos, or the"
                    + " temperature): " + c.head + " vs " + first.head
                    : c.workingSide != first.workingSide ? "working side " + c.workingSide + " vs " + first.workingSide
                    : c.sizeMultiple != first.sizeMultiple ? "size multiple " + c.sizeMultiple + " vs "
                    + first.sizeMultiple
                    : !shapes(c.network()).equals(shapes(first.network())) ? "layers or weight shapes"
                    : null;
            if (why != null) {
                throw new IllegalArgumentException("ensemble member " + (m + 1) + " differs from member 1: " + why);
            }
            nets.addAll(c.twins);
            mean[0] += c.meanAb[0] / members.size();
            mean[1] += c.meanAb[1] / members.size();
        }
        return new Colorizer(nets, first.input, first.head, first.workingSide, first.sizeMultiple, mean,
                first.testTimeAugmentation);
    }

    /**
     * A trained deep ensemble and how each member trained.
     *
     * @param colorizer the ensemble ({@link #ensemble}); a plain colorizer for one member
     * @param histories each member's training, in member order
     */
    public record TrainedEnsemble(Colorizer colorizer, List<TrainingHistory> histories) {
        /** Copies the histories; the colorizer is required. */
        public TrainedEnsemble {
            Objects.requireNonNull(colorizer, "colorizer");
            histories = List.copyOf(histories);
        }
    }

    /**
     * Trains {@code members} colorizers of {@code config} on {@code train} as {@link #train} does and combines them
     * with {@link #ensemble}. Member m (from 0) starts from weights seeded {@code config.seed() + m} and draws crops
     * seeded {@code options.seed() + m}; each is validated on {@code validation}, and checkpointed, when
     * {@code options} asks for checkpoints, under {@code member-<m + 1>} of their folder.
     *
     * @throws IllegalArgumentException if {@code members} is not in 1..64, or as {@link #train}
     */
    public static TrainedEnsemble trainEnsemble(ColorizerConfig config, int members, PhotoSet train,
                                                PhotoSet validation, Training options, Crops crops)
            throws IOException {
        if (members < 1 || members > 64) {
            throw new IllegalArgumentException("members must be in 1..64, got " + members);
        }
        List<Colorizer> trained = new ArrayList<>();
        List<TrainingHistory> histories = new ArrayList<>();
        for (int m = 0; m < members; m++) {
            Training.Builder t = options.toBuilder().seed(options.seed() + m);
            if (options.checkpointDir() != null && members > 1) {
                t.checkpoints(options.checkpointDir().resolve("member-" + (m + 1)), options.checkpointEvery());
            }
            Colorizer member = create(config.toBuilder().seed(config.seed() + m).build(), train);
            histories.add(member.train(train, validation, t.build(), crops));
            trained.add(member);
        }
        return new TrainedEnsemble(ensemble(trained), histories);
    }

    private static Map<String, List<Long>> shapes(ComputationGraph net) {
        Map<String, List<Long>> shapes = new LinkedHashMap<>();
        net.paramTable().forEach((k, v) -> shapes.put(k, Arrays.stream(v.shape()).boxed().toList()));
        return shapes;
    }

    /** The network; of an ensemble, its first member's. */
    public ComputationGraph network() {
        return networks.get(0);
    }

    /** The networks whose outputs are averaged: one, or an ensemble's members. */
    public List<ComputationGraph> members() {
        return networks;
    }

    /** The training crops' specification (L*, size, normalisation, layout). */
    public InputSpec input() {
        return input;
    }

    /**
     * What the network predicts and how it becomes a*b*: {@link ColorizerHead.Regression} or
     * {@link ColorizerHead.Classification}.
     */
    public ColorizerHead head() {
        return head;
    }

    /**
     * The same colorizer decoding at another annealed-mean temperature; shares the networks.
     *
     * @throws IllegalStateException if the head is not {@link ColorizerHead.Classification}: regression has no
     *     temperature
     * @throws IllegalArgumentException if {@code value} is not in (0, 1]
     */
    public Colorizer withTemperature(double value) {
        if (!(head instanceof ColorizerHead.Classification c)) {
            throw new IllegalStateException("only the classification head decodes at a temperature; this is " + head);
        }
        return new Colorizer(twins, input, c.withTemperature(value), workingSide, sizeMultiple, meanAb,
                testTimeAugmentation);
    }

    /**
     * What {@link #colorize(List, int)}, {@link #colorizeFolder} and {@link #evaluate} average over: the model's own
     * prediction path, saved in its file. {@link TestTimeAugmentation#NONE} for a new colorizer.
     */
    public TestTimeAugmentation testTimeAugmentation() {
        return testTimeAugmentation;
    }

    /** This colorizer (the same networks, not copies) predicting with {@code tta} by default. */
    public Colorizer withTestTimeAugmentation(TestTimeAugmentation tta) {
        return new Colorizer(twins, input, head, workingSide, sizeMultiple, meanAb, tta);
    }

    /** The shorter side photos are scaled to for the network. */
    public int workingSide() {
        return workingSide;
    }

    /**
     * This colorizer (the same networks, not copies) running at a shorter side of {@code side}, saved in its file. A
     * smaller side shows the network more of the photo per pixel of its receptive field (and costs less): a network
     * trained on crops that cover up to {@code maxZoom} times its input (zoom in {@link Crops}) sees the scale of its
     * widest crops at a working side of {@code 256 / maxZoom} when the photos were kept at a shorter side of 256
     * ({@link dev.pigment.core.source.PhotoSet.Options#defaults()}).
     *
     * @throws IllegalArgumentException if {@code side} is below the network's size multiple or {@link #MIN_SIDE}, or
     *     above 4096
     */
    public Colorizer withWorkingSide(int side) {
        return new Colorizer(twins, input, head, side, sizeMultiple, meanAb, testTimeAugmentation);
    }

    /** The mean {a*, b*} of the training photos. */
    public double[] meanAb() {
        return meanAb.clone();
    }

    // ---------------------------------------------------------------------------------------------- training

    /**
     * {@link #train(PhotoSet, PhotoSet, Training, Crops)} with {@link Crops#DEFAULT}, as
     * {@link dev.pigment.models.classifier.Classifier#train(dev.pigment.core.source.LabelledImages,
     * dev.pigment.core.source.LabelledImages, Training) Classifier.train} trains without augmentation: the last
     * argument of both is how training samples are drawn from the data.
     */
    public TrainingHistory train(PhotoSet train, PhotoSet validation, Training options) throws IOException {
        return train(train, validation, options, Crops.DEFAULT);
    }

    /**
     * Trains on seeded random crops of {@code train} ({@code crops.perEpoch()} per epoch, of the input size, with
     * zoom and flips), evaluating {@code validation} — whole photos, colorized as {@link #colorize} does — after
     * each epoch: {@code psnr}, {@code ssim}, {@code auc}, {@code colourfulness} (the share of the originals'). Early
     * stopping and "best" follow validation PSNR; set {@link Training.Builder#restoreBest} off to keep the last
     * weights.
     *
     * @param validation held-out photos (none of them may be in {@code train}), or null for none
     * @throws IllegalArgumentException if a training photo is smaller than a crop
     * @throws IllegalStateException if this is an {@linkplain #ensemble ensemble}: train its members
     */
    public TrainingHistory train(PhotoSet train, PhotoSet validation, Training options, Crops crops)
            throws IOException {
        Objects.requireNonNull(crops, "crops");
        if (options.labelSmoothing() > 0) {
            throw new IllegalArgumentException("label smoothing applies to classifiers; a colorizer's targets are a*b*,"
                    + " not classes (got labelSmoothing " + options.labelSmoothing() + ")");
        }
        if (networks.size() > 1) {
            throw new IllegalStateException("this is an ensemble of " + networks.size() + " colorizers: train each"
                    + " member, then combine them with Colorizer.ensemble");
        }
        ColorizationIterator it = ColorizationIterator.builder(train, input).batchSize(options.batchSize())
                .randomCrops(crops.perEpoch(), options.seed()).zoom(crops.minZoom(), crops.maxZoom())
                .horizontalFlip(crops.flip()).build();
        DataSetPreProcessor targets = head.targets(input.format());
        if (targets != null) {
            it.setPreProcessor(targets);
        }
        TrainingLoop.Validator validator = validation == null ? null : () -> {
            ColorizationScores s = evaluate(validation);
            return Map.of("psnr", s.psnr(), "ssim", s.ssim(), "auc", s.auc(), "colourfulness",
                    s.colourfulnessRatio());
        };
        synchronized (network()) {
            return TrainingLoop.run(network(), it, validator, new TrainingLoop.Monitor("psnr", true), options,
                    file -> save(file, true));
        }
    }

    // -------------------------------------------------------------------------------------------- inference

    /**
     * Colorizes a photo at full resolution: same size as {@code photo}, its L* kept (within 8-bit rounding).
     *
     * @throws IllegalArgumentException if the photo's shorter side is below {@link #MIN_SIDE}
     */
    public Bitmap colorize(Bitmap photo) {
        return colorize(List.of(photo), 1).get(0);
    }

    /**
     * Reads an image file and colorizes it at full resolution, as {@link #colorize(Bitmap)} does.
     *
     * @throws BadInputException naming the file if it cannot be read or its shorter side is below {@link #MIN_SIDE}
     */
    public Bitmap colorize(Path file) throws BadInputException {
        Bitmap photo = ImageFiles.read(file);
        String problem = tooSmall(photo);
        if (problem != null) {
            throw new BadInputException(file, problem);
        }
        return colorize(photo);
    }

    /** {@link #colorize(Bitmap)} of a Java 2D image. */
    public BufferedImage colorize(BufferedImage image) {
        return colorize(Bitmap.fromBufferedImage(image)).toBufferedImage();
    }

    /**
     * Colorizes {@code photos}, running those of the same working size through the network together, up to
     * {@code batchSize} at a time, with the model's {@link #testTimeAugmentation()}.
     */
    public List<Bitmap> colorize(List<Bitmap> photos, int batchSize) {
        return colorize(photos, batchSize, testTimeAugmentation);
    }

    /**
     * As {@link #colorize(List, int)}, with test-time augmentation: with {@link TestTimeAugmentation#HORIZONTAL_FLIP}
     * the network also sees each photo mirrored, and the two predictions' a*b* (the mirror's mirrored back) are
     * averaged, at twice the network cost.
     */
    @SuppressWarnings("try")   // the scope is held, not read
    public List<Bitmap> colorize(List<Bitmap> photos, int batchSize, TestTimeAugmentation tta) {
        boolean flipAveraging = Objects.requireNonNull(tta, "tta") == TestTimeAugmentation.HORIZONTAL_FLIP;
        if (batchSize < 1) {
            throw new IllegalArgumentException("batchSize must be >= 1, got " + batchSize);
        }
        Bitmap[] out = new Bitmap[photos.size()];
        Map<List<Integer>, List<Integer>> bySize = new LinkedHashMap<>();
        Bitmap[] working = new Bitmap[photos.size()];
        for (int i = 0; i < photos.size(); i++) {
            Bitmap p = photos.get(i);
            String problem = tooSmall(p);
            if (problem != null) {
                throw new IllegalArgumentException("photo " + i + " " + problem);
            }
            working[i] = p.resizeShorterSide(workingSide);
            bySize.computeIfAbsent(List.of(working[i].height(), working[i].width()), k -> new ArrayList<>()).add(i);
        }
        try (Engine.Scope scope = Engine.scope()) {
            colorizeGroups(photos, batchSize, flipAveraging, bySize.values(), working, out);
        }
        return Arrays.asList(out);
    }

    private void colorizeGroups(List<Bitmap> photos, int batchSize, boolean flipAveraging,
                                Iterable<List<Integer>> groups, Bitmap[] working, Bitmap[] out) {
        for (List<Integer> group : groups) {
            for (int from = 0; from < group.size(); from += batchSize) {
                List<Integer> chunk = group.subList(from, Math.min(group.size(), from + batchSize));
                List<Bitmap> images = chunk.stream().map(i -> working[i]).toList();
                List<float[]> ab = predictAb(images);
                if (flipAveraging) {
                    List<float[]> mirrored = predictAb(images.stream().map(Bitmap::flipHorizontal).toList());
                    for (int k = 0; k < ab.size(); k++) {
                        averageMirrored(ab.get(k), mirrored.get(k), images.get(k).height(), images.get(k).width());
                    }
                }
                for (int k = 0; k < chunk.size(); k++) {
                    int i = chunk.get(k);
                    out[i] = Colorization.join(photos.get(i), ab.get(k), working[i].height(), working[i].width());
                }
            }
        }
    }

    /**
     * The predicted a*b* (interleaved, row-major) of images of one size, each at that size: the L* planes are padded
     * by edge replication to the size multiple, run as one batch (through each member, outputs averaged), decoded
     * and cropped back.
     */
    List<float[]> predictAb(List<Bitmap> images) {
        int h = images.get(0).height();
        int w = images.get(0).width();
        int n = images.size();
        INDArray features = new Preprocessor(input, true).toPaddedBatch(images, sizeMultiple);
        boolean nchw = input.format() == CNN2DFormat.NCHW;
        int ph = (int) features.size(nchw ? 2 : 1);
        int pw = (int) features.size(input.widthAxis());
        INDArray output;
        if (networks.size() == 1) {
            output = output(twins.get(0), features);
        } else {
            // the members run side by side on the cores; their outputs are summed in member order, so the result
            // does not depend on which thread ran which. A caller that holds a member's lock runs them itself: a
            // helper would wait for that lock forever.
            boolean locked = networks.stream().anyMatch(Thread::holdsLock);
            List<INDArray> outputs = locked
                    ? twins.stream().map(net -> output(net, features)).toList()
                    : sideThreads.map(twins.size(), m -> output(twins.get(m), features));
            output = outputs.get(0).dup();
            for (int m = 1; m < outputs.size(); m++) {
                output.addi(outputs.get(m));
            }
            output.divi(networks.size());
        }
        INDArray hwc = nchw ? output.permute(0, 2, 3, 1) : output;
        float[] o = hwc.dup('c').data().asFloat();
        int c = (int) hwc.size(3);
        List<float[]> result = new ArrayList<>(n);
        for (int k = 0; k < n; k++) {
            float[] ab = new float[h * w * 2];
            int image = k;
            PixelRows.forEach(h, (long) w * c, y -> {
                for (int xx = 0; xx < w; xx++) {
                    head.decode(o, ((image * ph + y) * pw + xx) * c, ab, (y * w + xx) * 2);
                }
            });
            result.add(ab);
        }
        return result;
    }

    /** One forward pass of {@code net}'s inference twin ({@link InferenceGraph#forward}). */
    private INDArray output(InferenceGraph net, INDArray features) {
        int widthAxis = input.widthAxis();
        return net.forward(features, "a batch of " + features.size(0) + " photos at a working size of "
                + features.size(widthAxis - 1) + "x" + features.size(widthAxis));
    }

    /** {@code ab = (ab + mirror of mirrored) / 2}, interleaved a*b* of an {@code h × w} image. */
    private static void averageMirrored(float[] ab, float[] mirrored, int h, int w) {
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                int i = (y * w + x) * 2;
                int j = (y * w + (w - 1 - x)) * 2;
                ab[i] = 0.5f * (ab[i] + mirrored[j]);
                ab[i + 1] = 0.5f * (ab[i + 1] + mirrored[j + 1]);
            }
        }
    }


    /** What {@link #colorizeFolder} wrote: one output file per readable input, and the files it skipped. */
    public record FolderResult(List<Path> written, LoadReport report) {
        /** Copies the list; the report is required. */
        public FolderResult {
            written = List.copyOf(written);
            Objects.requireNonNull(report, "report");
        }
    }

    /**
     * Colorizes every image file in {@code folder} and its sub-folders (sorted by path; hidden files and folders
     * left out, symbolic links followed) at full resolution, in batches, and writes each result as PNG (atomically)
     * to the same place in a mirror of the tree under {@code outDir}: {@code folder/a/x.jpg} becomes
     * {@code outDir/a/x.png}. Nothing is overwritten by mistake: {@code outDir} may not be {@code folder} (it may lie
     * inside it: that sub-tree is then not read), and two inputs that would make the same output ({@code x.jpg} and
     * {@code x.png} side by side) are refused before any work is done.
     *
     * @param policy what to do with an unreadable or too small file, an unreadable sub-folder, or an output that
     *     cannot be written (a name too long for the file system): fail, or skip it and report it
     * @throws BadInputException if the folder does not exist or holds no image files, {@code outDir} is
     *     {@code folder}, two inputs map to one output, or (with {@link BadFilePolicy#FAIL}) a file cannot be read or
     *     written or is too small
     */
    public FolderResult colorizeFolder(Path folder, Path outDir, int batchSize, BadFilePolicy policy)
            throws IOException {
        if (ImageFiles.real(folder).equals(ImageFiles.real(outDir))) {
            throw new BadInputException(outDir, "is the input folder: the colorized photos would replace the"
                    + " originals; choose another output folder");
        }
        ImageFiles.Listing listing = ImageFiles.scan(folder, outDir, policy);
        if (listing.files().isEmpty()) {
            throw new BadInputException(folder, "holds no photos (" + ImageFiles.EXTENSIONS + ")");
        }
        Map<Path, Path> targets = outputs(folder, listing.files(), outDir);
        Files.createDirectories(outDir);
        List<Path> written = new ArrayList<>();
        List<LoadReport.Skipped> skipped = new ArrayList<>(listing.skipped());
        LoadReport read = FileBatches.forEach(listing.files(), batchSize, policy, (batchFiles, images) -> {
            List<Bitmap> ok = new ArrayList<>();
            List<Path> okFiles = new ArrayList<>();
            for (int i = 0; i < images.size(); i++) {
                String problem = tooSmall(images.get(i));
                if (problem == null) {
                    ok.add(images.get(i));
                    okFiles.add(batchFiles.get(i));
                } else if (policy == BadFilePolicy.FAIL) {
                    throw new BadInputException(batchFiles.get(i), problem);
                } else {
                    skipped.add(new LoadReport.Skipped(batchFiles.get(i), problem));
                }
            }
            List<Bitmap> colour = colorize(ok, batchSize);
            for (int i = 0; i < ok.size(); i++) {
                Path target = targets.get(okFiles.get(i));
                try {
                    ImageFiles.write(colour.get(i), target);
                    written.add(target);
                } catch (IOException e) {
                    String problem = "cannot be written (" + e + ")";
                    if (policy == BadFilePolicy.FAIL) {
                        throw new BadInputException(target, problem, e);
                    }
                    skipped.add(new LoadReport.Skipped(okFiles.get(i), "its output " + target + " " + problem));
                }
            }
        });
        skipped.addAll(read.skipped());
        return new FolderResult(written, new LoadReport(written.size(), skipped));
    }

    /**
     * Each input's output: the same relative folder under {@code outDir}, the stem with {@code .png}.
     *
     * @throws BadInputException naming both inputs if two of them would make the same output
     */
    private static Map<Path, Path> outputs(Path folder, List<Path> files, Path outDir) throws BadInputException {
        Map<Path, Path> targets = new LinkedHashMap<>();
        Map<Path, Path> sourceOf = new LinkedHashMap<>();
        for (Path f : files) {
            Path relative = folder.relativize(f);
            Path parent = relative.getParent();
            Path target = (parent == null ? outDir : outDir.resolve(parent)).resolve(ImageFiles.stem(f) + ".png");
            Path other = sourceOf.putIfAbsent(target, f);
            if (other != null) {
                throw new BadInputException(f, "would be written to " + target + ", as " + other
                        + " would: rename one of them");
            }
            targets.put(f, target);
        }
        return targets;
    }

    /** Why a photo is too small to colorize, or null if it is not. */
    private static String tooSmall(Bitmap photo) {
        return Math.min(photo.height(), photo.width()) < MIN_SIDE ? "is " + photo.height() + "x" + photo.width()
                + ", too small to colorize (shorter side below " + MIN_SIDE + ")" : null;
    }

    // ------------------------------------------------------------------------------------------- evaluation

    /** Colorizes every photo of {@code photos} and scores the results against the originals. */
    public ColorizationScores evaluate(PhotoSet photos) {
        return ColorizationScores.of(photos.photos(), colorize(photos.photos(), 8));
    }

    // -------------------------------------------------------------------------------------------- inspection

    /** The layers of the network (the first member's, as all members share one architecture). */
    public List<NetworkSummary.LayerInfo> layers() {
        return NetworkSummary.layers(network().getConfiguration(), ConvBlock.inputType(input));
    }

    /**
     * Every layer's output (the first member's) for {@code photo} at its working size, as colorization sees it: its
     * L* plane padded to the size multiple first (under the input's name), then each layer by name. The encoder's
     * maps show what the U-Net finds in the photo; the output is the a*b* (regression) or the cell probabilities.
     *
     * @throws IllegalArgumentException if the photo's shorter side is below {@link #MIN_SIDE}
     */
    public Map<String, FeatureMap> activations(Bitmap photo) {
        String problem = tooSmall(photo);
        if (problem != null) {
            throw new IllegalArgumentException("the photo " + problem);
        }
        Bitmap working = photo.resizeShorterSide(workingSide);
        INDArray features = new Preprocessor(input, true).toPaddedBatch(List.of(working), sizeMultiple);
        return Inspection.activations(network(), features, input.format());
    }

    /**
     * What the classification head predicts at one pixel: its probability for each a*b* cell (Zhang et al. §2.2),
     * before the annealed mean turns them into one colour.
     *
     * @param a the cells' a* centres
     * @param b the cells' b* centres
     * @param probability the cells' probabilities, summing to 1
     */
    public record CellDistribution(double[] a, double[] b, double[] probability) {
    }

    /**
     * The classification head's a*b* distribution at pixel ({@code y}, {@code x}) of {@code photo} (full-resolution
     * coordinates; read at the working size), averaged over the ensemble's members.
     *
     * @throws IllegalStateException if this colorizer has the regression head
     * @throws IllegalArgumentException if the pixel is outside the photo, or the photo is too small
     */
    @SuppressWarnings("try")
    public CellDistribution abDistribution(Bitmap photo, int y, int x) {
        if (!(head instanceof ColorizerHead.Classification c)) {
            throw new IllegalStateException("only the classification head predicts a distribution; this is " + head);
        }
        if (y < 0 || y >= photo.height() || x < 0 || x >= photo.width()) {
            throw new IllegalArgumentException("pixel (" + y + ", " + x + ") is outside the " + photo.width() + "x"
                    + photo.height() + " photo");
        }
        String problem = tooSmall(photo);
        if (problem != null) {
            throw new IllegalArgumentException("the photo " + problem);
        }
        Bitmap working = photo.resizeShorterSide(workingSide);
        int wy = Math.min(working.height() - 1, (int) ((y + 0.5) * working.height() / photo.height()));
        int wx = Math.min(working.width() - 1, (int) ((x + 0.5) * working.width() / photo.width()));
        INDArray features = new Preprocessor(input, true).toPaddedBatch(List.of(working), sizeMultiple);
        int q = c.bins().size();
        double[] p = new double[q];
        boolean nchw = input.format() == CNN2DFormat.NCHW;
        try (Engine.Scope scope = Engine.scope()) {
            for (InferenceGraph net : twins) {
                INDArray out = output(net, features);
                for (int k = 0; k < q; k++) {
                    p[k] += (nchw ? out.getDouble(0, k, wy, wx) : out.getDouble(0, wy, wx, k)) / networks.size();
                }
            }
        }
        double[] a = new double[q];
        double[] b = new double[q];
        for (int k = 0; k < q; k++) {
            a[k] = c.bins().a(k);
            b[k] = c.bins().b(k);
        }
        return new CellDistribution(a, b, p);
    }

    // ------------------------------------------------------------------------------------------- persistence

    /** Saves the network, input specification, head settings and mean a*b* to one file, atomically. */
    public void save(Path file) throws IOException {
        save(file, false);
    }

    /** Saves as {@link #save(Path)}, with the updater state if {@code withUpdater} (checkpoints have it). */
    public void save(Path file, boolean withUpdater) throws IOException {
        Properties meta = head.metadata();
        meta.setProperty("testTimeAugmentation", testTimeAugmentation.name());
        meta.setProperty("workingSide", Integer.toString(workingSide));
        meta.setProperty("sizeMultiple", Integer.toString(sizeMultiple));
        meta.setProperty("meanAb", String.format(Locale.ROOT, "%s,%s", meanAb[0], meanAb[1]));
        synchronized (network()) {
            ModelFile.write(file, KIND, input, meta, network(),
                    networks.subList(1, networks.size()).stream().map(ComputationGraph::params).toList(),
                    withUpdater);
        }
    }

    /**
     * Loads a colorizer saved by {@link #save}.
     *
     * @throws BadInputException if the file is missing, truncated, not a pigment model, or another kind of model
     *     (a classifier)
     */
    public static Colorizer load(Path file) throws BadInputException {
        ModelFile.Contents c = ModelFile.read(file, KIND);
        InputSpec spec = ModelFile.inputSpec(file, c);
        try {
            ColorizerHead head = ColorizerHead.fromMetadata(c.metadata());
            String[] mean = c.require(file, "meanAb").split(",");
            List<InferenceGraph> nets = new ArrayList<>(List.of(new InferenceGraph(c.network())));
            for (INDArray params : c.memberParams()) {
                ComputationGraph member = new ComputationGraph(
                        ComputationGraphConfiguration.fromJson(c.network().getConfiguration().toJson()));
                member.init(params, false);
                nets.add(new InferenceGraph(member));
            }
            return new Colorizer(nets, spec, head, Integer.parseInt(c.require(file, "workingSide")),
                    Integer.parseInt(c.require(file, "sizeMultiple")),
                    new double[] {Double.parseDouble(mean[0]), Double.parseDouble(mean[1])},
                    TestTimeAugmentation.valueOf(c.metadata().getProperty("testTimeAugmentation",
                            TestTimeAugmentation.NONE.name())));
        } catch (IllegalArgumentException | IllegalStateException | ArrayIndexOutOfBoundsException
                 | NullPointerException e) {
            throw new BadInputException(file, "inconsistent colorizer metadata: " + e.getMessage(), e);
        }
    }

    /**
     * Loads a colorizer from a stream, such as a jar entry; see {@link ModelFile#read(InputStream, String,
     * ModelFile.Reader)}.
     *
     * @param source what the stream is, named in errors
     * @throws BadInputException naming {@code source} if the bytes are not a pigment colorizer
     */
    public static Colorizer load(InputStream in, String source) throws BadInputException {
        return ModelFile.read(in, source, Colorizer::load);
    }

    /**
     * Loads a colorizer from a URL ({@code file:}, {@code jar:}, a class-path resource's URL).
     *
     * @throws BadInputException naming the URL if it cannot be opened or is not a pigment colorizer
     */
    public static Colorizer load(URL url) throws BadInputException {
        return ModelFile.read(url, Colorizer::load);
    }

    /**
     * The ready-trained default colorizer ({@link Pretrained#PHOTOS}, trained on the real photographs of nine Debian
     * sources) from the {@code dev.pigment:pigment-pretrained} artifact, which must be on the class path.
     * {@code pretrained(Pretrained.WALLPAPERS)} is the one trained on the wallpapers alone.
     *
     * @throws BadInputException if the artifact is not on the class path
     */
    public static Colorizer pretrained() throws BadInputException {
        return pretrained(Pretrained.PHOTOS);
    }

    /**
     * A ready-trained colorizer of the {@code dev.pigment:pigment-pretrained} artifact by name.
     *
     * @throws BadInputException if there is no such model or the artifact is not on the class path
     * @throws IllegalArgumentException if {@code name} is not lower-case letters, digits and '-'
     */
    public static Colorizer pretrained(String name) throws BadInputException {
        return load(Pretrained.locate(name, Colorizer.class.getClassLoader()));
    }

    @Override
    public String toString() {
        return "Colorizer[" + input + ", " + head + ", working side " + workingSide
                + (testTimeAugmentation == TestTimeAugmentation.NONE ? "" : ", " + testTimeAugmentation) + ", "
                + (networks.size() > 1 ? networks.size() + " members of " : "") + network().numParams() + " parameters]";
    }
}
