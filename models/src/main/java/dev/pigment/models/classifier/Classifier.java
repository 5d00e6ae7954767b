package dev.pigment.models.classifier;

import dev.pigment.core.BadFilePolicy;
import dev.pigment.core.BadInputException;
import dev.pigment.core.InputSpec;
import dev.pigment.core.LoadReport;
import dev.pigment.core.Preprocessor;
import dev.pigment.core.augment.Augmentation;
import dev.pigment.core.dataset.ClassificationIterator;
import dev.pigment.core.image.Bitmap;
import dev.pigment.core.image.FileBatches;
import dev.pigment.core.image.ImageFiles;
import dev.pigment.core.metrics.ClassificationScores;
import dev.pigment.core.source.LabelledImages;
import dev.pigment.models.TestTimeAugmentation;
import dev.pigment.models.engine.ConvBlock;
import dev.pigment.models.engine.Engine;
import dev.pigment.models.engine.InferenceGraph;
import dev.pigment.models.engine.NetworkSummary;
import dev.pigment.models.inspect.FeatureMap;
import dev.pigment.models.inspect.Inspection;
import dev.pigment.models.io.ModelFile;
import dev.pigment.models.io.Pretrained;
import dev.pigment.models.train.Training;
import dev.pigment.models.train.TrainingHistory;
import dev.pigment.models.train.TrainingLoop;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URL;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Properties;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.transferlearning.FineTuneConfiguration;
import org.deeplearning4j.nn.transferlearning.TransferLearning;
import org.nd4j.evaluation.classification.Evaluation;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;

/**
 * A trained (or trainable) CNN image classifier: a DL4J {@link ComputationGraph} built from a
 * {@link ClassifierConfig}, the class names and the {@link InputSpec}, which travel together in one model file.
 * It trains ({@link #train}), evaluates ({@link #evaluate}), classifies images, files and folders
 * ({@link #classify(Bitmap)}, {@link #classifyFolder}), saves and loads itself ({@link #save}, {@link #load}), and
 * becomes the starting point of a classifier for other classes ({@link #fineTune}).
 *
 * <p>Thread-safe: a DL4J network is not, so every use of the network (a forward pass, a training run, saving,
 * fine-tuning) holds its lock, which the classifiers that share it ({@link #withTestTimeAugmentation}) share too.
 * Calls from many threads run their network passes one at a time; each pass already uses every core through
 * oneDNN, so on a CPU the lock costs little throughput, while preprocessing runs in parallel. For passes that truly
 * run side by side, load one classifier per thread. Inference preprocessing is the training pipeline's
 * ({@link Preprocessor}), with upscaling allowed: an image smaller than the input is enlarged, not rejected. Every
 * prediction runs through the network's {@link InferenceGraph} (batch normalisation folded into the convolutions,
 * refolded when the weights change).
 */
public final class Classifier {
    /** The model kind in the model file. */
    public static final String KIND = "classifier";

    private final ComputationGraph network;
    /** The network's inference twin, with batch normalisation folded in ({@link InferenceGraph}). */
    private final InferenceGraph twin;
    private final List<String> classNames;
    private final InputSpec input;
    private final String featuresVertex;
    private final List<String> headVertices;
    private final TestTimeAugmentation testTimeAugmentation;

    private Classifier(InferenceGraph twin, List<String> classNames, InputSpec input, String featuresVertex,
                       List<String> headVertices, TestTimeAugmentation testTimeAugmentation) {
        this.testTimeAugmentation = Objects.requireNonNull(testTimeAugmentation, "testTimeAugmentation");
        this.twin = twin;
        this.network = twin.source();
        this.classNames = List.copyOf(classNames);
        this.input = input;
        this.featuresVertex = featuresVertex;
        this.headVertices = List.copyOf(headVertices);
        long outputs = network.getConfiguration().getVertices().get(ClassifierConfig.OUTPUT) == null ? -1
                : network.getLayer(ClassifierConfig.OUTPUT).getParam("W").size(1);
        if (outputs != this.classNames.size()) {
            throw new IllegalArgumentException("the network has " + outputs + " outputs but there are "
                    + this.classNames.size() + " class names " + this.classNames);
        }
    }

    /**
     * A new classifier with freshly initialised weights.
     *
     * @param classNames one distinct name per class, as many as {@code config.numClasses()}
     */
    public static Classifier create(ClassifierConfig config, List<String> classNames) {
        checkClassNames(classNames);
        if (classNames.size() != config.numClasses()) {
            throw new IllegalArgumentException("the configuration has " + config.numClasses() + " classes but "
                    + classNames.size() + " class names were given: " + classNames);
        }
        ComputationGraph net = new ComputationGraph(config.graph());
        net.init();
        return new Classifier(new InferenceGraph(net), classNames, config.input(), config.featuresVertex(),
                ClassifierGraph.headVertices(config.hidden().size(), config.headDropout() > 0),
                TestTimeAugmentation.NONE);
    }

    /**
     * A new classifier with freshly initialised weights for the classes of its training data, as
     * {@link dev.pigment.models.colorizer.Colorizer#create Colorizer.create} takes its training photos.
     *
     * @throws IllegalArgumentException if {@code training}'s classes are not {@code config.numClasses()} distinct
     *     names
     */
    public static Classifier create(ClassifierConfig config, LabelledImages training) {
        return create(config, training.classNames());
    }

    private static void checkClassNames(List<String> names) {
        if (names.size() < 2) {
            throw new IllegalArgumentException("a classifier needs at least 2 classes, got " + names);
        }
        if (names.stream().distinct().count() != names.size() || names.stream().anyMatch(String::isBlank)) {
            throw new IllegalArgumentException("class names must be distinct and not blank: " + names);
        }
    }

    /** The DL4J network itself, not a copy: training or changing it changes this classifier. */
    public ComputationGraph network() {
        return network;
    }

    /** The class names (immutable), in the order of the network's outputs. */
    public List<String> classNames() {
        return classNames;
    }

    /** What the network takes (size, colour space, normalisation, layout); images are preprocessed to it. */
    public InputSpec input() {
        return input;
    }

    /**
     * What {@link #classify(List)}, {@link #classifyFolder} and {@link #evaluate(LabelledImages, int)} average over:
     * the model's own prediction path, saved in its file. {@link TestTimeAugmentation#NONE} for a new classifier.
     */
    public TestTimeAugmentation testTimeAugmentation() {
        return testTimeAugmentation;
    }

    /** This classifier (the same network, not a copy) predicting with {@code tta} by default. */
    public Classifier withTestTimeAugmentation(TestTimeAugmentation tta) {
        return new Classifier(twin, classNames, input, featuresVertex, headVertices, tta);
    }

    /** The vertex whose output is the feature vector (where {@link #fineTune} cuts the network). */
    public String featuresVertex() {
        return featuresVertex;
    }

    // ---------------------------------------------------------------------------------------------- training

    /** {@link #train(LabelledImages, LabelledImages, Training, Augmentation)} without augmentation. */
    public TrainingHistory train(LabelledImages train, LabelledImages validation, Training options)
            throws IOException {
        return train(train, validation, options, null);
    }

    /**
     * Trains on {@code train}, validating on {@code validation} after each epoch (loss, accuracy, and accuracy
     * on a fixed sample of up to 2,000 training images without augmentation: {@code train_accuracy}). Early
     * stopping and the best weights follow validation accuracy.
     *
     * @param validation held-out images, or null for none (no early stopping; the last weights are kept)
     * @param augmentation applied to training images, or null for none
     * @throws IllegalArgumentException if the data's classes differ from the model's, or its images are smaller
     *     than the input
     */
    public TrainingHistory train(LabelledImages train, LabelledImages validation, Training options,
                                 Augmentation augmentation) throws IOException {
        checkData(train, "training");
        if (validation != null) {
            checkData(validation, "validation");
        }
        ClassificationIterator.Builder it = ClassificationIterator.builder(train, input)
                .batchSize(options.batchSize()).shuffle(true).seed(options.seed())
                .labelSmoothing(options.labelSmoothing());
        if (augmentation != null) {
            it.augmentation(augmentation);
        }
        LabelledImages trainSample = sample(train, 2000);
        TrainingLoop.Validator validator = validation == null ? null : () -> {
            Map<String, Double> m = new HashMap<>();
            // validation sees each image as it is, whatever this model's test-time augmentation
            ClassificationScores v = evaluate(validation, 1, options.batchSize(), TestTimeAugmentation.NONE);
            m.put("loss", v.loss());
            m.put("accuracy", v.accuracy());
            m.put("train_accuracy", evaluate(trainSample, 1, options.batchSize(), TestTimeAugmentation.NONE)
                    .accuracy());
            return m;
        };
        synchronized (network) {
            return TrainingLoop.run(network, it.build(), validator, new TrainingLoop.Monitor("accuracy", true),
                    options, file -> save(file, true));
        }
    }

    /** Every k-th image, about {@code max} of them. */
    private static LabelledImages sample(LabelledImages images, int max) {
        int step = Math.max(1, (images.size() + max - 1) / max);
        int[] idx = new int[(images.size() + step - 1) / step];
        for (int i = 0; i < idx.length; i++) {
            idx[i] = i * step;
        }
        return images.subset(idx);
    }

    private void checkData(LabelledImages data, String what) {
        if (data.size() == 0) {
            throw new IllegalArgumentException("the " + what + " data holds no images");
        }
        if (!data.classNames().equals(classNames)) {
            throw new IllegalArgumentException(data.numClasses() != classNames.size()
                    ? "the " + what + " data has " + data.numClasses() + " classes " + data.classNames()
                            + " but the model has " + classNames.size() + " " + classNames
                    : "the " + what + " data's classes " + data.classNames() + " differ from the model's "
                            + classNames + " (names and order must match)");
        }
        Bitmap first = data.image(0);
        if (first.height() < input.height() || first.width() < input.width()) {
            throw new IllegalArgumentException("the " + what + " images are " + first.height() + "x"
                    + first.width() + ", smaller than the model input " + input.height() + "x" + input.width());
        }
    }

    // -------------------------------------------------------------------------------------------- evaluation

    /** {@link #evaluate(LabelledImages, int, int)} with batches of 128 and the model's test-time augmentation. */
    public ClassificationScores evaluate(LabelledImages data, int topK) {
        return evaluate(data, topK, 128);
    }

    /**
     * Accuracy, top-k accuracy, per-class precision/recall/F1 and the confusion matrix on {@code data}, whose class
     * names must be the model's, predicted with the model's {@link #testTimeAugmentation()}.
     */
    public ClassificationScores evaluate(LabelledImages data, int topK, int batchSize) {
        return evaluate(data, topK, batchSize, testTimeAugmentation);
    }

    /** As {@link #evaluate(LabelledImages, int, int)}, with test-time augmentation. */
    @SuppressWarnings("try")   // the scope is held, not read
    public ClassificationScores evaluate(LabelledImages data, int topK, int batchSize, TestTimeAugmentation tta) {
        checkData(data, "evaluation");
        if (topK < 1 || topK > classNames.size()) {
            throw new IllegalArgumentException("topK must be in 1.." + classNames.size() + ", got " + topK);
        }
        Evaluation eval = new Evaluation(classNames, topK);
        ClassificationIterator it = ClassificationIterator.builder(data, input).batchSize(batchSize).build();
        double lossSum = 0;
        try (Engine.Scope scope = Engine.scope()) {
            while (it.hasNext()) {
                DataSet ds = it.next();
                INDArray p = probabilities(ds.getFeatures(), tta);
                eval.eval(ds.getLabels(), p);
                INDArray picked = p.mul(ds.getLabels()).sum(1);
                for (int i = 0; i < picked.length(); i++) {
                    lossSum -= Math.log(Math.max(picked.getDouble(i), 1e-12));
                }
            }
        }
        return new ClassificationScores(eval, topK, lossSum / data.size());
    }

    // --------------------------------------------------------------------------------------------- inference

    /** The class probabilities of one image, ranked. */
    public Prediction classify(Bitmap image) {
        return classify(List.of(image)).get(0);
    }

    /** As {@link #classify(Bitmap)}, for an AWT image. */
    public Prediction classify(BufferedImage image) {
        return classify(Bitmap.fromBufferedImage(image));
    }

    /** Reads and classifies an image file; a {@link BadInputException} names a file that cannot be read. */
    public Prediction classify(Path file) throws BadInputException {
        return classify(ImageFiles.read(file));
    }

    /** Classifies images in one batch, with the model's {@link #testTimeAugmentation()}. */
    public List<Prediction> classify(List<Bitmap> images) {
        return classify(images, testTimeAugmentation);
    }

    /** Classifies images in one batch, with test-time augmentation. */
    @SuppressWarnings("try")   // the scope is held, not read
    public List<Prediction> classify(List<Bitmap> images, TestTimeAugmentation tta) {
        if (images.isEmpty()) {
            return List.of();
        }
        Preprocessor pre = new Preprocessor(input, true);
        INDArray p;
        try (Engine.Scope scope = Engine.scope()) {
            p = probabilities(pre.toBatch(images), tta);
        }
        List<Prediction> out = new ArrayList<>(images.size());
        for (int i = 0; i < images.size(); i++) {
            float[] row = p.getRow(i).toFloatVector();
            out.add(Prediction.of(classNames, row));
        }
        return out;
    }

    /** Class probabilities of a batch in the input's layout, [n, classes]. */
    private INDArray probabilities(INDArray features, TestTimeAugmentation tta) {
        INDArray p = output(features);
        if (tta == TestTimeAugmentation.HORIZONTAL_FLIP) {
            INDArray mirrored = features.ulike();
            org.nd4j.linalg.factory.Nd4j.exec(org.nd4j.linalg.api.ops.DynamicCustomOp.builder("reverse")
                    .addInputs(features).addOutputs(mirrored).addIntegerArguments(input.widthAxis()).build());
            p = p.add(output(mirrored)).muli(0.5);
        }
        return p;
    }

    /** One forward pass of the network's inference twin ({@link InferenceGraph#forward}). */
    private INDArray output(INDArray features) {
        return twin.forward(features, "a batch of " + features.size(0) + " images of " + input.height()
                + "x" + input.width());
    }

    // -------------------------------------------------------------------------------------------- inspection

    /** The network's layers: output shapes, parameters, receptive fields and strides (input pixels). */
    public List<NetworkSummary.LayerInfo> layers() {
        return NetworkSummary.layers(network.getConfiguration(), ConvBlock.inputType(input));
    }

    /**
     * Every layer's output for {@code image}, brought to the model's input as prediction brings it: the input first
     * (under {@link ClassifierConfig#INPUT}), then each layer by its name, in the order of {@link #layers()}.
     */
    public Map<String, FeatureMap> activations(Bitmap image) {
        INDArray x = new Preprocessor(input, true).toBatch(List.of(image));
        return Inspection.activations(network, x, input.format());
    }

    /** The filters of the first convolution, one per output channel ({@code kernel × kernel × input channels}). */
    public List<FeatureMap> firstLayerFilters() {
        return Inspection.firstFilters(network);
    }

    /** The name of the vertex whose output {@link #embedding} returns: what the output layer reads. */
    public String embeddingVertex() {
        String v = network.getConfiguration().getVertexInputs().get(ClassifierConfig.OUTPUT).get(0);
        // a dropout layer passes its input through at inference: name what it reads
        return v.endsWith("_dropout") ? network.getConfiguration().getVertexInputs().get(v).get(0) : v;
    }

    /**
     * The penultimate features of each image: the output of {@link #embeddingVertex()}, the representation the
     * output layer classifies, for maps such as t-SNE. Computed in batches of 256.
     */
    public float[][] embedding(List<Bitmap> images) {
        Preprocessor pre = new Preprocessor(input, true);
        String vertex = embeddingVertex();
        float[][] out = new float[images.size()][];
        for (int from = 0; from < images.size(); from += 256) {
            List<Bitmap> chunk = images.subList(from, Math.min(images.size(), from + 256));
            float[][] rows = Inspection.features(network, pre.toBatch(chunk), vertex, input.format());
            System.arraycopy(rows, 0, out, from, rows.length);
        }
        return out;
    }

    /** The largest number of input patches {@link #saliency} perturbs, two forward passes each. */
    public static final int SALIENCY_PATCHES = 1024;

    /**
     * A class-saliency map (K. Simonyan, A. Vedaldi and A. Zisserman, "Deep Inside Convolutional Networks", 2014):
     * the gradient of the log-probability of class {@code classIndex} with respect to the brightness of each input
     * pixel (all its channels together), at the model's input size, without test-time augmentation. It is measured
     * by central differences, two forward passes per pixel in batches; on inputs of more than
     * {@value #SALIENCY_PATCHES} pixels, per square patch of pixels (the gradient summed over the patch), so that
     * at most that many patches are perturbed.
     *
     * @return {@code height × width × 1}: positive where brightening raises the class's probability
     * @throws IllegalArgumentException if {@code classIndex} is not one of the model's classes
     */
    @SuppressWarnings("try")
    public FeatureMap saliency(Bitmap image, int classIndex) {
        Objects.checkIndex(classIndex, classNames.size());
        int h = input.height();
        int w = input.width();
        int patch = 1;
        while ((long) ceilDiv(h, patch) * ceilDiv(w, patch) > SALIENCY_PATCHES) {
            patch++;
        }
        int rows = ceilDiv(h, patch);
        int cols = ceilDiv(w, patch);
        int patches = rows * cols;
        double step = 0.05;
        INDArray x = new Preprocessor(input, true).toBatch(List.of(image));
        float[] base = x.dup('c').data().asFloat();
        int channels = input.channels();
        boolean nchw = input.format() == org.deeplearning4j.nn.conf.CNN2DFormat.NCHW;
        float[] gradient = new float[patches];
        int chunk = 128;
        try (Engine.Scope scope = Engine.scope()) {
            for (int from = 0; from < patches; from += chunk) {
                int n = Math.min(chunk, patches - from);
                float[] batch = new float[2 * n * base.length];
                for (int k = 0; k < n; k++) {
                    int py = (from + k) / cols;
                    int px = (from + k) % cols;
                    for (int sign = 0; sign < 2; sign++) {
                        int offset = (2 * k + sign) * base.length;
                        System.arraycopy(base, 0, batch, offset, base.length);
                        float delta = (float) (sign == 0 ? step : -step);
                        for (int y = py * patch; y < Math.min(h, (py + 1) * patch); y++) {
                            for (int xx = px * patch; xx < Math.min(w, (px + 1) * patch); xx++) {
                                for (int c = 0; c < channels; c++) {
                                    int i = nchw ? (c * h + y) * w + xx : (y * w + xx) * channels + c;
                                    batch[offset + i] += delta;
                                }
                            }
                        }
                    }
                }
                long[] shape = x.shape().clone();
                shape[0] = 2L * n;
                INDArray p = output(org.nd4j.linalg.factory.Nd4j.create(batch, shape, 'c'));
                for (int k = 0; k < n; k++) {
                    double plus = Math.log(Math.max(1e-12, p.getDouble(2L * k, classIndex)));
                    double minus = Math.log(Math.max(1e-12, p.getDouble(2L * k + 1, classIndex)));
                    gradient[from + k] = (float) ((plus - minus) / (2 * step));
                }
            }
        }
        float[] map = new float[h * w];
        for (int y = 0; y < h; y++) {
            for (int xx = 0; xx < w; xx++) {
                map[y * w + xx] = gradient[(y / patch) * cols + xx / patch];
            }
        }
        return new FeatureMap(h, w, 1, map);
    }

    private static int ceilDiv(int a, int b) {
        return (a + b - 1) / b;
    }

    /**
     * Predictions for the images of a folder, and what was skipped.
     *
     * @param predictions the files read, in name order, each with its prediction
     * @param report how many files were read, and which were skipped and why
     */
    public record FolderPredictions(List<FilePrediction> predictions, LoadReport report) {
        /** Copies {@code predictions}; {@code report} must not be null. */
        public FolderPredictions {
            predictions = List.copyOf(predictions);
            Objects.requireNonNull(report, "report");
        }
    }

    /**
     * A file and its prediction.
     *
     * @param file the image file
     * @param prediction what the classifier says about it
     */
    public record FilePrediction(Path file, Prediction prediction) {
    }

    /**
     * Classifies every image file in {@code folder} and its sub-folders (sorted by path; hidden files and folders
     * left out, symbolic links followed), in batches.
     *
     * @param policy what to do with a file or sub-folder that cannot be read: fail, or skip it and report it
     * @throws BadInputException if the folder does not exist or holds no image files, or (with
     *     {@link BadFilePolicy#FAIL}) a file or sub-folder cannot be read
     */
    public FolderPredictions classifyFolder(Path folder, int batchSize, BadFilePolicy policy)
            throws BadInputException {
        ImageFiles.Listing listing = ImageFiles.scan(folder, null, policy);
        if (listing.files().isEmpty()) {
            throw new BadInputException(folder, "holds no image files (" + ImageFiles.EXTENSIONS + ")");
        }
        List<FilePrediction> out = new ArrayList<>();
        LoadReport report;
        try {
            report = FileBatches.forEach(listing.files(), batchSize, policy, (read, images) -> {
                List<Prediction> predictions = classify(images);
                for (int i = 0; i < read.size(); i++) {
                    out.add(new FilePrediction(read.get(i), predictions.get(i)));
                }
            });
        } catch (BadInputException e) {
            throw e;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        List<LoadReport.Skipped> skipped = new ArrayList<>(listing.skipped());
        skipped.addAll(report.skipped());
        return new FolderPredictions(out, new LoadReport(report.loaded(), skipped));
    }

    // ------------------------------------------------------------------------------------------- persistence

    /** Saves the network, class names and input specification to one file, atomically; no updater state. */
    public void save(Path file) throws IOException {
        save(file, false);
    }

    /** Saves as {@link #save(Path)}, with the updater state if {@code withUpdater} (checkpoints have it). */
    public void save(Path file, boolean withUpdater) throws IOException {
        Properties meta = new Properties();
        meta.setProperty("classes", Integer.toString(classNames.size()));
        for (int i = 0; i < classNames.size(); i++) {
            meta.setProperty("class." + i, classNames.get(i));
        }
        meta.setProperty("features", featuresVertex);
        meta.setProperty("head", String.join(",", headVertices));
        meta.setProperty("testTimeAugmentation", testTimeAugmentation.name());
        synchronized (network) {
            ModelFile.write(file, KIND, input, meta, network, withUpdater);
        }
    }

    /**
     * Loads a classifier saved by {@link #save}.
     *
     * @throws BadInputException if the file is missing, truncated, not a pigment model or not a classifier
     */
    public static Classifier load(Path file) throws BadInputException {
        ModelFile.Contents c = ModelFile.read(file, KIND);
        InputSpec spec = ModelFile.inputSpec(file, c);
        List<String> names = new ArrayList<>();
        try {
            int n = Integer.parseInt(c.require(file, "classes"));
            for (int i = 0; i < n; i++) {
                names.add(c.require(file, "class." + i));
            }
            String tta = c.metadata().getProperty("testTimeAugmentation", TestTimeAugmentation.NONE.name());
            return new Classifier(new InferenceGraph(c.network()), names, spec, c.require(file, "features"),
                    Arrays.asList(c.require(file, "head").split(",")), TestTimeAugmentation.valueOf(tta));
        } catch (IllegalArgumentException e) {
            throw new BadInputException(file, "inconsistent classifier metadata: " + e.getMessage(), e);
        }
    }

    /**
     * Loads a classifier from a stream, such as a jar entry; see {@link ModelFile#read(InputStream, String,
     * ModelFile.Reader)}.
     *
     * @param source what the stream is, named in errors
     * @throws BadInputException naming {@code source} if the bytes are not a pigment classifier
     */
    public static Classifier load(InputStream in, String source) throws BadInputException {
        return ModelFile.read(in, source, Classifier::load);
    }

    /**
     * Loads a classifier from a URL ({@code file:}, {@code jar:}, a class-path resource's URL).
     *
     * @throws BadInputException naming the URL if it cannot be opened or is not a pigment classifier
     */
    public static Classifier load(URL url) throws BadInputException {
        return ModelFile.read(url, Classifier::load);
    }

    /**
     * A ready-trained classifier from the {@code dev.pigment:pigment-pretrained} artifact, which must be on the class
     * path: {@link Pretrained#FASHION_MNIST}, the demo's Fashion-MNIST model. Its model card is
     * {@link Pretrained#cardResource(String)}.
     *
     * @throws BadInputException if there is no such model or the artifact is not on the class path
     * @throws IllegalArgumentException if {@code name} is not lower-case letters, digits and '-'
     */
    public static Classifier pretrained(String name) throws BadInputException {
        return load(Pretrained.locate(name, Classifier.class.getClassLoader()));
    }

    // ------------------------------------------------------------------------------------------- fine-tuning

    /**
     * A new classifier for other classes that starts from this one: the feature extractor (everything up to
     * {@link #featuresVertex()}) is copied, and frozen if {@code options.freezeFeatures()} (DL4J
     * {@link TransferLearning}: frozen layers keep their weights and run batch normalisation with their running
     * statistics); the head is replaced by a new one for {@code options.classNames()}. This classifier is unchanged.
     * The new classifier predicts without test-time augmentation (a mirror may not suit the new classes); set one
     * with {@link #withTestTimeAugmentation}.
     */
    public Classifier fineTune(FineTuning options) {
        checkClassNames(options.classNames());
        FineTuneConfiguration.Builder fine = new FineTuneConfiguration.Builder()
                .updater(options.optimizer().updater()).seed(options.seed());
        if (options.optimizer().weightDecay() > 0) {
            fine.weightDecay(options.optimizer().weightDecay());   // 0 keeps the copied layers' own
        }
        FineTuneConfiguration ftc = fine.build();
        ComputationGraph copy;
        synchronized (network) {
            copy = network.clone();
        }
        TransferLearning.GraphBuilder b = new TransferLearning.GraphBuilder(copy)
                .fineTuneConfiguration(ftc);
        if (options.freezeFeatures()) {
            b.setFeatureExtractor(featuresVertex);
        }
        for (String v : headVertices) {
            b.removeVertexAndConnections(v);
        }
        ClassifierGraph.addHead(b::addLayer, featuresVertex, options.hidden(), options.dropout(),
                options.classNames().size());
        b.setOutputs(ClassifierConfig.OUTPUT);
        b.setInputTypes(ConvBlock.inputType(input));
        ComputationGraph tuned = b.build();
        return new Classifier(new InferenceGraph(tuned), options.classNames(), input, featuresVertex,
                ClassifierGraph.headVertices(options.hidden().size(), options.dropout() > 0),
                TestTimeAugmentation.NONE);
    }

    @Override
    public String toString() {
        return "Classifier[" + input + ", classes " + classNames + ", " + network.numParams() + " parameters"
                + (testTimeAugmentation == TestTimeAugmentation.NONE ? "" : ", " + testTimeAugmentation) + "]";
    }

    /** Ranks class probabilities. */
    static List<Prediction.Scored> rank(List<String> names, float[] probabilities) {
        List<Prediction.Scored> ranked = new ArrayList<>(names.size());
        for (int i = 0; i < names.size(); i++) {
            ranked.add(new Prediction.Scored(names.get(i), probabilities[i]));
        }
        ranked.sort(Comparator.comparingDouble(Prediction.Scored::probability).reversed());
        return ranked;
    }
}
