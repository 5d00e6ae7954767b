package dev.pigment.models.classifier;

import dev.pigment.core.ColorSpace;
import dev.pigment.core.InputSpec;
import dev.pigment.core.Normalization;
import dev.pigment.models.engine.ConvBlock;
import dev.pigment.models.engine.Engine;
import dev.pigment.models.engine.Flops;
import dev.pigment.models.engine.NativeConvolution;
import dev.pigment.models.engine.NativeDense;
import dev.pigment.models.engine.NetworkSummary;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.deeplearning4j.nn.conf.CNN2DFormat;
import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.conf.ComputationGraphConfiguration.GraphBuilder;
import org.deeplearning4j.nn.conf.ConvolutionMode;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.graph.ElementWiseVertex;
import org.deeplearning4j.nn.conf.graph.GraphVertex;
import org.deeplearning4j.nn.conf.graph.LayerVertex;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.ActivationLayer;
import org.deeplearning4j.nn.conf.layers.DropoutLayer;
import org.deeplearning4j.nn.conf.layers.GlobalPoolingLayer;
import org.deeplearning4j.nn.conf.layers.Layer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.conf.layers.PoolingType;
import org.deeplearning4j.nn.conf.layers.SubsamplingLayer;
import org.deeplearning4j.nn.weights.WeightInit;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.learning.config.Adam;
import org.nd4j.linalg.learning.config.IUpdater;
import org.nd4j.linalg.lossfunctions.LossFunctions;

/**
 * The architecture of a CNN image classifier, as data: the input ({@link InputSpec}), the number of classes, the
 * feature extractor as a list of {@link Stage}s, the head (global average pooling or flattening, hidden fully
 * connected layers, dropout), the updater and the seed. Immutable and validated; {@link #graph()} turns it into a
 * DL4J {@link ComputationGraphConfiguration} on pigment's engine ({@link NativeConvolution}, {@link NativeDense})
 * without allocating parameters, and {@link #layers()} describes it layer by layer.
 *
 * <p>Layer names are fixed: {@code s<i>_conv<j>} and {@code s<i>_bn<j>} (normalisation and ReLU) for convolution j of stage
 * i (from 1), {@code s<i>_shortcut}, {@code s<i>_shortcut_bn}, {@code s<i>_add}, {@code s<i>_out} for a residual
 * stage, {@code s<i>_pool}, {@code s<i>_dropout}; then {@code gap} (global average pooling), {@code fc<k>_dropout},
 * {@code fc<k>}, {@code output_dropout} and {@code output}. {@link #featuresVertex()} names the last vertex of the feature
 * extractor, where fine-tuning cuts the network.
 *
 * <p>Start from a named default ({@link #small28}, {@link #small32}, {@link #photo128}) or {@link #builder}.
 */
public final class ClassifierConfig {
    /** The name of the network's input. */
    public static final String INPUT = "input";
    /** The name of the output layer (softmax, cross-entropy). */
    public static final String OUTPUT = "output";
    /** The name of the global average pooling layer. */
    public static final String GAP = "gap";

    private final InputSpec input;
    private final int numClasses;
    private final List<Stage> stages;
    private final boolean batchNorm;
    private final boolean globalPooling;
    private final List<Integer> hidden;
    private final double headDropout;
    private final IUpdater updater;
    private final double weightDecay;
    private final long seed;

    private ClassifierConfig(Builder b) {
        this.input = b.input;
        this.numClasses = b.numClasses;
        this.stages = List.copyOf(b.stages);
        this.batchNorm = b.batchNorm;
        this.globalPooling = b.globalPooling;
        this.hidden = List.copyOf(b.hidden);
        this.headDropout = b.headDropout;
        this.updater = b.updater.clone();
        this.weightDecay = b.weightDecay;
        this.seed = b.seed;
    }

    /** A builder with no stages, batch normalisation on, flattening head, Adam 1e-3; the seed must be set. */
    public static Builder builder(InputSpec input, int numClasses) {
        return new Builder(input, numClasses);
    }

    /**
     * The default for small grayscale images such as Fashion-MNIST (28×28×1, NHWC, [0, 1]): a 32-filter convolution,
     * then two stages of two convolutions (64 and 128 filters), each convolution with batch normalisation, each
     * stage followed by max pooling; a 256-wide fully connected layer, dropout 0.25; Adam 3e-3. 44.9 MFLOP per image.
     * Chosen by measurement: on 2 cores it reached 93.3% on Fashion-MNIST in 8 epochs, where two stages of 32 and 64
     * filters (38 MFLOP) with more dropout reached 92.1% (docs/classifier.md).
     */
    public static Builder small28(int numClasses) {
        InputSpec spec = new InputSpec(28, 28, ColorSpace.GRAY, Normalization.UNIT, Engine.DEFAULT_FORMAT);
        return builder(spec, numClasses)
                .stage(Stage.of(32, 1))
                .stage(Stage.of(64, 2))
                .stage(Stage.of(128, 2))
                .hidden(256).headDropout(0.25)
                .updater(new Adam(3e-3));
    }

    /**
     * The default for small colour images such as CIFAR-10 (32×32×3, NHWC, [0, 1]): three stages of two convolutions
     * (64, 128, 256 filters) with batch normalisation and max pooling, global average pooling, dropout 0.3.
     */
    public static Builder small32(int numClasses) {
        InputSpec spec = new InputSpec(32, 32, ColorSpace.RGB, Normalization.UNIT, Engine.DEFAULT_FORMAT);
        return builder(spec, numClasses)
                .stage(Stage.of(64, 2))
                .stage(Stage.of(128, 2))
                .stage(Stage.of(256, 2))
                .globalPooling(true).headDropout(0.3);
    }

    /**
     * The default for photos (128×128×3, NHWC, [0, 1]): a strided 32-filter stem, then residual stages of 64, 128,
     * 256 and 256 filters, each two convolutions and max pooling, global average pooling, dropout 0.3.
     */
    public static Builder photo128(int numClasses) {
        InputSpec spec = new InputSpec(128, 128, ColorSpace.RGB, Normalization.UNIT, Engine.DEFAULT_FORMAT);
        return builder(spec, numClasses)
                .stage(new Stage(32, 1, Downsampling.STRIDE, 0, false))
                .stage(Stage.of(64, 2).withResidual(true))
                .stage(Stage.of(128, 2).withResidual(true))
                .stage(Stage.of(256, 2).withResidual(true))
                .stage(Stage.of(256, 2).withResidual(true))
                .globalPooling(true).headDropout(0.3);
    }

    /** The input the network takes: size, colour space, normalisation and layout. */
    public InputSpec input() {
        return input;
    }

    /** The number of classes, at least 2. */
    public int numClasses() {
        return numClasses;
    }

    /** The stages of the feature extractor, in order (immutable, at least one). */
    public List<Stage> stages() {
        return stages;
    }

    /** Whether every convolution is followed by batch normalisation. */
    public boolean batchNorm() {
        return batchNorm;
    }

    /** Whether the head starts with global average pooling ({@link #GAP}) rather than flattening the last stage. */
    public boolean globalPooling() {
        return globalPooling;
    }

    /** Widths of the hidden fully connected layers of the head, in order; empty for none. */
    public List<Integer> hidden() {
        return hidden;
    }

    /** The share of activations dropped before each fully connected layer of the head, in [0, 1); 0 for none. */
    public double headDropout() {
        return headDropout;
    }

    /** A copy of the updater (DL4J's updaters are mutable). */
    public IUpdater updater() {
        return updater.clone();
    }

    /** The decoupled weight decay coefficient of the weights, applied times the learning rate; 0 for none. */
    public double weightDecay() {
        return weightDecay;
    }

    /** The seed of the initial weights and of dropout. */
    public long seed() {
        return seed;
    }

    /** A builder holding this configuration, to derive variants. */
    public Builder toBuilder() {
        Builder b = new Builder(input, numClasses);
        b.stages.addAll(stages);
        b.batchNorm = batchNorm;
        b.globalPooling = globalPooling;
        b.hidden.addAll(hidden);
        b.headDropout = headDropout;
        b.updater = updater.clone();
        b.weightDecay = weightDecay;
        b.seed = seed;
        return b;
    }

    /** The input type of the network, from {@link #input()}. */
    public InputType inputType() {
        return InputType.convolutional(input.height(), input.width(), input.channels(), input.format());
    }

    /** The name of the last vertex of the feature extractor: {@link #GAP}, or the last vertex of the last stage. */
    public String featuresVertex() {
        if (globalPooling) {
            return GAP;
        }
        return new Graph(null).stages();
    }

    /** The DL4J configuration of this classifier; no parameters are allocated. */
    public ComputationGraphConfiguration graph() {
        NeuralNetConfiguration.Builder base = new NeuralNetConfiguration.Builder()
                .seed(seed)
                .updater(updater.clone())
                .weightInit(WeightInit.RELU)
                .convolutionMode(ConvolutionMode.Same);
        if (weightDecay > 0) {
            base.weightDecay(weightDecay);
        }
        GraphBuilder g = base.graphBuilder().addInputs(INPUT).setInputTypes(inputType());
        new Graph(g).build();
        return g.build();
    }

    /**
     * Adds the head of a classifier over {@code numClasses} classes, fed by vertex {@code from}: hidden fully
     * connected layers with ReLU, each after dropout, then the softmax output layer {@link #OUTPUT}. Shared by
     * {@link #graph()} and fine-tuning.
     */
    static void addHead(ConvBlock.LayerSink g, String from, List<Integer> hidden, double dropout, int numClasses) {
        String last = from;
        for (int k = 0; k <= hidden.size(); k++) {
            String name = k < hidden.size() ? "fc" + (k + 1) : OUTPUT;
            if (dropout > 0) {
                g.add(name + "_dropout", new DropoutLayer.Builder(1 - dropout).build(), last);
                last = name + "_dropout";
            }
            Layer layer = k < hidden.size()
                    ? new NativeDense.Builder().nOut(hidden.get(k)).activation(Activation.RELU).build()
                    : new OutputLayer.Builder(LossFunctions.LossFunction.MCXENT).nOut(numClasses)
                            .activation(Activation.SOFTMAX).weightInit(WeightInit.XAVIER).build();
            g.add(name, layer, last);
            last = name;
        }
    }

    /** The names of the head's vertices as {@link #addHead} names them. */
    static List<String> headVertices(int hiddenLayers, boolean dropout) {
        List<String> names = new ArrayList<>();
        for (int k = 0; k <= hiddenLayers; k++) {
            String name = k < hiddenLayers ? "fc" + (k + 1) : OUTPUT;
            if (dropout) {
                names.add(name + "_dropout");
            }
            names.add(name);
        }
        return names;
    }

    /** Writes the vertices of the graph (or, with a null builder, only follows the names). */
    private final class Graph {
        private final GraphBuilder g;
        private final CNN2DFormat format = input.format();
        private final ConvBlock block = new ConvBlock(batchNorm, format, INPUT);

        Graph(GraphBuilder g) {
            this.g = g;
        }

        private void add(String name, Layer layer, String... from) {
            if (g != null) {
                g.addLayer(name, layer, from);
            }
        }

        private String conv(String name, String bnName, int filters, int kernel, int stride, boolean relu,
                            String from) {
            return block.add(this::add, name, bnName, filters, kernel, stride, relu, from);
        }

        /** Adds the stages; returns the name of the last vertex. */
        String stages() {
            String last = INPUT;
            int channels = input.channels();
            for (int i = 0; i < stages.size(); i++) {
                Stage s = stages.get(i);
                String p = "s" + (i + 1) + "_";
                String stageIn = last;
                int stride = s.downsampling() == Downsampling.STRIDE ? 2 : 1;
                for (int j = 1; j <= s.convolutions(); j++) {
                    boolean lastConv = j == s.convolutions();
                    boolean relu = !(s.residual() && lastConv);
                    last = conv(p + "conv" + j, p + "bn" + j, s.filters(), 3, j == 1 ? stride : 1,
                            relu, last);
                }
                if (s.residual()) {
                    String shortcut = stageIn;
                    if (channels != s.filters() || stride != 1) {
                        shortcut = conv(p + "shortcut", p + "shortcut_bn", s.filters(), 1, stride, false,
                                stageIn);
                    }
                    if (g != null) {
                        g.addVertex(p + "add", new ElementWiseVertex(ElementWiseVertex.Op.Add), last, shortcut);
                    }
                    add(p + "out", new ActivationLayer.Builder().activation(Activation.RELU).build(), p + "add");
                    last = p + "out";
                }
                if (s.downsampling() == Downsampling.MAX_POOL) {
                    add(p + "pool", new SubsamplingLayer.Builder(PoolingType.MAX).kernelSize(2, 2).stride(2, 2)
                            .dataFormat(format).build(), last);
                    last = p + "pool";
                }
                if (s.dropout() > 0) {
                    add(p + "dropout", new DropoutLayer.Builder(1 - s.dropout()).build(), last);
                    last = p + "dropout";
                }
                channels = s.filters();
            }
            return last;
        }

        void build() {
            String last = stages();
            if (globalPooling) {
                add(GAP, new GlobalPoolingLayer.Builder(PoolingType.AVG).build(), last);
                last = GAP;
            }
            if (g != null) {
                addHead(g::addLayer, last, hidden, headDropout, numClasses);
                g.setOutputs(OUTPUT);
            }
        }
    }

    /** The layers and vertices of the network in the order they were added; no parameters are allocated. */
    public List<NetworkSummary.LayerInfo> layers() {
        return NetworkSummary.layers(graph(), inputType());
    }

    /** Total number of parameters (including batch normalisation's running statistics). */
    public long numParams() {
        return NetworkSummary.numParams(layers());
    }

    /** Forward FLOPs per image (see {@link Flops}). */
    public long forwardFlops() {
        return Flops.forward(graph(), inputType());
    }

    /** A table of the layers, the parameter count and the forward cost. */
    public String summary() {
        List<NetworkSummary.LayerInfo> layers = layers();
        return NetworkSummary.table(layers, String.format("input %s, %d classes, %,d parameters, %.1f MFLOP forward"
                + " per image", input, numClasses, NetworkSummary.numParams(layers), forwardFlops() / 1e6));
    }

    @Override
    public String toString() {
        return "ClassifierConfig[input " + input + ", " + numClasses + " classes, stages " + stages + ", batchNorm "
                + batchNorm + ", globalPooling " + globalPooling + ", hidden " + hidden + ", headDropout "
                + headDropout + ", updater " + updater + ", weightDecay " + weightDecay + ", seed " + seed + "]";
    }

    /** Configures a {@link ClassifierConfig}; {@link #build()} validates. */
    public static final class Builder {
        private InputSpec input;
        private final int numClasses;
        private final List<Stage> stages = new ArrayList<>();
        private boolean batchNorm = true;
        private boolean globalPooling;
        private final List<Integer> hidden = new ArrayList<>();
        private double headDropout;
        private IUpdater updater = new Adam(1e-3);
        private double weightDecay;
        private Long seed;

        private Builder(InputSpec input, int numClasses) {
            this.input = Objects.requireNonNull(input, "input");
            this.numClasses = numClasses;
        }

        /** Replaces the input specification (size, colour space, normalisation, layout). */
        public Builder input(InputSpec value) {
            this.input = Objects.requireNonNull(value, "input");
            return this;
        }

        /** Changes the input's height and width, keeping its colour space, normalisation and layout. */
        public Builder inputSize(int height, int width) {
            this.input = input.withSize(height, width);
            return this;
        }

        /** Appends a stage. */
        public Builder stage(Stage value) {
            stages.add(Objects.requireNonNull(value, "stage"));
            return this;
        }

        /** Replaces the stages. */
        public Builder stages(List<Stage> value) {
            stages.clear();
            value.forEach(this::stage);
            return this;
        }

        /** Batch normalisation after every convolution (Ioffe and Szegedy, ICML 2015); default on. */
        public Builder batchNorm(boolean value) {
            this.batchNorm = value;
            return this;
        }

        /** Global average pooling (Lin et al., "Network In Network", 2014) instead of flattening; default off. */
        public Builder globalPooling(boolean value) {
            this.globalPooling = value;
            return this;
        }

        /** Widths of the hidden fully connected layers of the head; default none. */
        public Builder hidden(int... widths) {
            hidden.clear();
            for (int w : widths) {
                hidden.add(w);
            }
            return this;
        }

        /** Dropout (Srivastava et al., JMLR 2014) before each fully connected layer of the head; default 0. */
        public Builder headDropout(double value) {
            this.headDropout = value;
            return this;
        }

        /** The updater and its learning rate; default Adam (Kingma and Ba, 2015) with 1e-3. */
        public Builder updater(IUpdater value) {
            this.updater = Objects.requireNonNull(value, "updater").clone();
            return this;
        }

        /** Decoupled weight decay of the weights (Loshchilov and Hutter, ICLR 2019), times the learning rate. */
        public Builder weightDecay(double value) {
            this.weightDecay = value;
            return this;
        }

        /** The seed of the initial weights and of dropout; required. */
        public Builder seed(long value) {
            this.seed = value;
            return this;
        }

        /**
         * Validates and builds the configuration.
         *
         * @throws IllegalArgumentException if there are fewer than 2 classes, no stage or no seed, a hidden width is
         *     below 1, the head dropout is outside [0, 1), the weight decay is negative or infinite, or the input is
         *     too small to be halved by every downsampling stage
         */
        public ClassifierConfig build() {
            if (numClasses < 2) {
                throw new IllegalArgumentException("a classifier needs at least 2 classes, got " + numClasses);
            }
            if (stages.isEmpty()) {
                throw new IllegalArgumentException("at least one stage is required");
            }
            if (seed == null) {
                throw new IllegalArgumentException("the seed is required: call seed(...)");
            }
            for (int w : hidden) {
                if (w < 1) {
                    throw new IllegalArgumentException("hidden widths must be positive, got " + hidden);
                }
            }
            if (!(headDropout >= 0 && headDropout < 1)) {
                throw new IllegalArgumentException("headDropout must be in [0, 1), got " + headDropout);
            }
            if (!(weightDecay >= 0) || Double.isInfinite(weightDecay)) {
                throw new IllegalArgumentException("weightDecay must be finite and >= 0, got " + weightDecay);
            }
            int size = Math.min(input.height(), input.width());
            for (int i = 0; i < stages.size(); i++) {
                if (stages.get(i).downsampling() != Downsampling.NONE) {
                    if (size < 2) {
                        throw new IllegalArgumentException("stage " + (i + 1) + " downsamples a " + size + "-pixel"
                                + " feature map; the input " + input.height() + "x" + input.width()
                                + " is too small for " + stages.size() + " stages");
                    }
                    size /= 2;
                }
            }
            return new ClassifierConfig(this);
        }
    }
}
