package dev.pigment.models.colorizer;

import dev.pigment.core.ColorSpace;
import dev.pigment.core.InputSpec;
import dev.pigment.core.Normalization;
import dev.pigment.core.color.AbBins;
import dev.pigment.models.engine.ConvBlock;
import dev.pigment.models.engine.Engine;
import dev.pigment.models.engine.Flops;
import dev.pigment.models.engine.NativeConvolution;
import dev.pigment.models.engine.NetworkSummary;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.deeplearning4j.nn.conf.CNN2DFormat;
import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.conf.ComputationGraphConfiguration.GraphBuilder;
import org.deeplearning4j.nn.conf.ConvolutionMode;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.graph.MergeVertex;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.Deconvolution2D;
import org.deeplearning4j.nn.conf.layers.Layer;
import org.deeplearning4j.nn.conf.layers.PoolingType;
import org.deeplearning4j.nn.conf.layers.SubsamplingLayer;
import org.deeplearning4j.nn.conf.layers.Upsampling2D;
import org.deeplearning4j.nn.weights.WeightInit;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.learning.config.Adam;
import org.nd4j.linalg.learning.config.IUpdater;

/**
 * The architecture of a colorizer, as data: an encoder–decoder from CIE L* to a*b* (Zhang, Isola and Efros,
 * "Colorful Image Colorization", ECCV 2016) with U-Net skip connections (Ronneberger, Fischer and Brox, MICCAI
 * 2015) on by default. Immutable and validated; {@link #graph(ColorizerHead)} builds the DL4J configuration on pigment's engine
 * without allocating parameters.
 *
 * <p>The encoder has one level per entry of {@link #widths()}: {@link #convolutions()} 3×3 convolutions with batch
 * normalisation and ReLU, then 2×2 max pooling (not after the last level, the bottleneck). The decoder climbs back
 * level by level: ×2 upsampling ({@link Upsampling#NEAREST} then a 3×3 convolution, or a 2×2 stride-2
 * {@link Upsampling#TRANSPOSED} convolution), concatenation with the encoder level of that size when
 * {@link #skips()} is on, and the same convolutions. A 1×1 convolution makes the head's output at the input's size,
 * and the {@link ColorizerHead} that {@link #head()} names owns its channels, loss, targets and decoding:
 *
 * <ul>
 *   <li>{@link Head#REGRESSION} ({@link ColorizerHead.Regression}): a*b* with an L1 loss;</li>
 *   <li>{@link Head#CLASSIFICATION} ({@link ColorizerHead.Classification}): a softmax over the quantised a*b* cells
 *       of {@link AbBins} per pixel, with class rebalancing λ = {@link #rebalancing()} and the annealed mean at
 *       temperature {@link #temperature()}; the cells come from the training photos.</li>
 * </ul>
 *
 * <p>Layer names: {@code enc<i>_conv<j>}, {@code enc<i>_bn<j>}, {@code enc<i>_pool}; {@code dec<i>_up},
 * {@code dec<i>_upconv}, {@code dec<i>_upbn}, {@code dec<i>_concat}, {@code dec<i>_conv<j>}, {@code dec<i>_bn<j>};
 * then {@code head} (the 1×1 convolution) and {@code output} (the loss). The network is fully convolutional:
 * inputs of any size whose sides are multiples of {@link #sizeMultiple()} run through it.
 *
 * <p>Start from {@link #defaults()} or {@link #builder(InputSpec)}.
 */
public final class ColorizerConfig {
    /** The name of the network's input. */
    public static final String INPUT = "input";
    /** The name of the head's 1×1 convolution. */
    public static final String HEAD = "head";
    /** The name of the loss layer. */
    public static final String OUTPUT = "output";
    /**
     * The default decoupled weight decay: with 27 training photos the network overfits, and the runs in
     * {@code docs/colorizer.md} held out colours best with it.
     */
    public static final double DEFAULT_WEIGHT_DECAY = 0.05;
    /** Output channels of the regression head: a*, b*. */
    public static final int AB_CHANNELS = 2;

    /** What the network predicts per pixel. */
    public enum Head {
        /** a*b* regression with an L1 loss. */
        REGRESSION,
        /** A distribution over quantised a*b* cells (Zhang et al.), decoded by the annealed mean. */
        CLASSIFICATION
    }

    /** How the decoder doubles the resolution. */
    public enum Upsampling {
        /** Nearest-neighbour ×2, then a 3×3 convolution (no checkerboard artefacts: Odena et al., Distill 2016). */
        NEAREST,
        /** A 2×2 transposed convolution with stride 2. */
        TRANSPOSED
    }

    private final InputSpec input;
    private final List<Integer> widths;
    private final int convolutions;
    private final boolean skips;
    private final Upsampling upsampling;
    private final boolean batchNorm;
    private final Head head;
    private final double temperature;
    private final double rebalancing;
    private final int workingSide;
    private final IUpdater updater;
    private final double weightDecay;
    private final long seed;

    private ColorizerConfig(Builder b) {
        this.input = b.input;
        this.widths = List.copyOf(b.widths);
        this.convolutions = b.convolutions;
        this.skips = b.skips;
        this.upsampling = b.upsampling;
        this.batchNorm = b.batchNorm;
        this.head = b.head;
        this.temperature = b.temperature != null ? b.temperature : AbBins.DEFAULT_TEMPERATURE;
        this.rebalancing = b.rebalancing != null ? b.rebalancing : AbBins.DEFAULT_LAMBDA;
        this.workingSide = b.workingSide;
        this.updater = b.updater.clone();
        this.weightDecay = b.weightDecay;
        this.seed = b.seed;
    }

    /**
     * A builder with the defaults of {@link #defaults()} for {@code input} (which must be {@link ColorSpace#LAB_L});
     * the seed must be set.
     */
    public static Builder builder(InputSpec input) {
        return new Builder(input);
    }

    /**
     * The default colorizer: 64×64 L* crops in [−1, 1], NHWC; a U-Net of four levels (16, 32, 64, 128 filters, two
     * convolutions each) with batch normalisation, nearest-neighbour upsampling, the regression head, and photos
     * colorized at a shorter side of 128 pixels; Adam 2e-3 with decoupled weight decay 0.05.
     */
    public static Builder defaults() {
        return builder(new InputSpec(64, 64, ColorSpace.LAB_L, Normalization.SYMMETRIC, Engine.DEFAULT_FORMAT));
    }

    /** The input crops: L* ({@link ColorSpace#LAB_L}), their size, normalisation and layout. */
    public InputSpec input() {
        return input;
    }

    /** Filters per encoder level, from the input down; the last level is the bottleneck. */
    public List<Integer> widths() {
        return widths;
    }

    /** 3×3 convolutions per level. */
    public int convolutions() {
        return convolutions;
    }

    /** Whether the decoder concatenates the encoder's features of each size (U-Net). */
    public boolean skips() {
        return skips;
    }

    /** How the decoder doubles the resolution. */
    public Upsampling upsampling() {
        return upsampling;
    }

    /** Whether every convolution is followed by batch normalisation (Ioffe and Szegedy, ICML 2015). */
    public boolean batchNorm() {
        return batchNorm;
    }

    /** The kind of head: regression or classification ({@link ColorizerHead#of} makes the trained one). */
    public Head head() {
        return head;
    }

    /** The annealed-mean temperature of the classification head (Zhang et al.: 0.38); unused by regression. */
    public double temperature() {
        return temperature;
    }

    /** λ of the classification head's class rebalancing (Zhang et al.: 0.5; 1 turns rebalancing off); unused by regression. */
    public double rebalancing() {
        return rebalancing;
    }

    /**
     * The shorter side, in pixels, photos are scaled to when colorized: the model runs there and its a*b* is
     * upsampled to the photo's size.
     */
    public int workingSide() {
        return workingSide;
    }

    /** A copy of the updater (DL4J's updaters are mutable). */
    public IUpdater updater() {
        return updater.clone();
    }

    /** Decoupled weight decay (Loshchilov and Hutter, ICLR 2019), times the learning rate; 0 for none. */
    public double weightDecay() {
        return weightDecay;
    }

    /** The seed of the initial weights. */
    public long seed() {
        return seed;
    }

    /** Input sides must be multiples of this: 2^(levels − 1). */
    public int sizeMultiple() {
        return 1 << (widths.size() - 1);
    }

    /** A builder holding this configuration, to derive variants. */
    public Builder toBuilder() {
        Builder b = new Builder(input);
        b.widths.clear();
        b.widths.addAll(widths);
        b.convolutions = convolutions;
        b.skips = skips;
        b.upsampling = upsampling;
        b.batchNorm = batchNorm;
        b.head = head;
        if (head == Head.CLASSIFICATION) {
            b.temperature = temperature;
            b.rebalancing = rebalancing;
        }
        b.workingSide = workingSide;
        b.updater = updater.clone();
        b.weightDecay = weightDecay;
        b.seed = seed;
        return b;
    }

    /** The network's input type, from {@link #input()}. */
    public InputType inputType() {
        return InputType.convolutional(input.height(), input.width(), input.channels(), input.format());
    }

    /**
     * The DL4J configuration with {@code head}'s output channels and loss; no parameters are allocated.
     *
     * @param head the trained head's type: {@link ColorizerHead.Regression}, or {@link ColorizerHead.Classification}
     *     with its a*b* cells
     * @throws IllegalArgumentException if {@code head} is not of this configuration's {@link #head()} kind
     */
    public ComputationGraphConfiguration graph(ColorizerHead head) {
        if (head.kind() != this.head) {
            throw new IllegalArgumentException("this configuration has the " + this.head + " head, not " + head);
        }
        NeuralNetConfiguration.Builder base = new NeuralNetConfiguration.Builder()
                .seed(seed)
                .updater(updater.clone())
                .weightInit(WeightInit.RELU)
                .convolutionMode(ConvolutionMode.Same);
        if (weightDecay > 0) {
            base.weightDecay(weightDecay);
        }
        GraphBuilder g = base.graphBuilder().addInputs(INPUT).setInputTypes(inputType());
        build(g, head);
        return g.build();
    }

    private void build(GraphBuilder g, ColorizerHead outputHead) {
        CNN2DFormat format = input.format();
        ConvBlock block = new ConvBlock(batchNorm, format, INPUT);
        ConvBlock.LayerSink sink = g::addLayer;
        int levels = widths.size();
        String[] skip = new String[levels];
        String last = INPUT;
        for (int i = 1; i <= levels; i++) {
            String p = "enc" + i + "_";
            for (int j = 1; j <= convolutions; j++) {
                last = block.add(sink, p + "conv" + j, p + "bn" + j, widths.get(i - 1), 3, 1, true, last);
            }
            skip[i - 1] = last;
            if (i < levels) {
                g.addLayer(p + "pool", new SubsamplingLayer.Builder(PoolingType.MAX).kernelSize(2, 2).stride(2, 2)
                        .dataFormat(format).build(), last);
                last = p + "pool";
            }
        }
        for (int i = levels - 1; i >= 1; i--) {
            String p = "dec" + i + "_";
            int filters = widths.get(i - 1);
            if (upsampling == Upsampling.NEAREST) {
                g.addLayer(p + "up", new Upsampling2D.Builder(2).dataFormat(format).build(), last);
                last = block.add(sink, p + "upconv", p + "upbn", filters, 3, 1, true, p + "up");
            } else {
                Layer up = new Deconvolution2D.Builder(2, 2).stride(2, 2).nOut(filters).dataFormat(format)
                        .convolutionMode(ConvolutionMode.Strict).hasBias(!batchNorm)
                        .activation(batchNorm ? Activation.IDENTITY : Activation.RELU).build();
                g.addLayer(p + "up", up, last);
                last = p + "up";
                if (batchNorm) {
                    last = block.batchNorm(sink, p + "upbn", true, last);
                }
            }
            if (skips) {
                g.addVertex(p + "concat", new MergeVertex(), last, skip[i - 1]);
                last = p + "concat";
            }
            for (int j = 1; j <= convolutions; j++) {
                last = block.add(sink, p + "conv" + j, p + "bn" + j, filters, 3, 1, true, last);
            }
        }
        g.addLayer(HEAD, new NativeConvolution.Builder(1, 1).nOut(outputHead.outputChannels())
                .activation(Activation.IDENTITY).weightInit(WeightInit.XAVIER).hasBias(true).dataFormat(format)
                .build(), last);
        g.addLayer(OUTPUT, outputHead.loss(format), HEAD);
        g.setOutputs(OUTPUT);
    }

    /** The layers and vertices with {@code head}, computed without allocating parameters. */
    public List<NetworkSummary.LayerInfo> layers(ColorizerHead head) {
        return NetworkSummary.layers(graph(head), inputType());
    }

    /** Forward FLOPs per input crop with {@code head} (see {@link Flops}). */
    public long forwardFlops(ColorizerHead head) {
        return Flops.forward(graph(head), inputType());
    }

    /**
     * A table of the layers with {@code head}, the parameter count and the forward cost. A trained colorizer's head
     * is {@link Colorizer#head()}; for a regression configuration, {@link ColorizerHead#regression()}.
     */
    public String summary(ColorizerHead head) {
        List<NetworkSummary.LayerInfo> layers = layers(head);
        return NetworkSummary.table(layers, String.format("input %s, %s head (%d channels), %,d parameters, %.1f"
                + " MFLOP forward per crop", input, this.head, head.outputChannels(), NetworkSummary.numParams(layers),
                forwardFlops(head) / 1e6));
    }

    @Override
    public String toString() {
        return "ColorizerConfig[input " + input + ", widths " + widths + ", convolutions " + convolutions
                + ", skips " + skips + ", upsampling " + upsampling + ", batchNorm " + batchNorm + ", head " + head
                + ", temperature " + temperature + ", rebalancing " + rebalancing + ", workingSide " + workingSide
                + ", updater " + updater + ", weightDecay " + weightDecay + ", seed " + seed + "]";
    }

    /** Configures a {@link ColorizerConfig}; {@link #build()} validates. */
    public static final class Builder {
        private final InputSpec input;
        private final List<Integer> widths = new ArrayList<>(List.of(16, 32, 64, 128));
        private int convolutions = 2;
        private boolean skips = true;
        private Upsampling upsampling = Upsampling.NEAREST;
        private boolean batchNorm = true;
        private Head head = Head.REGRESSION;
        private Double temperature;
        private Double rebalancing;
        private int workingSide = 128;
        private IUpdater updater = new Adam(2e-3);
        private double weightDecay = DEFAULT_WEIGHT_DECAY;
        private Long seed;

        private Builder(InputSpec input) {
            this.input = Objects.requireNonNull(input, "input");
        }

        /** Filters per encoder level, from the input down (at least two levels). */
        public Builder widths(Integer... values) {
            widths.clear();
            widths.addAll(List.of(values));
            return this;
        }

        /** 3×3 convolutions per level; default 2. */
        public Builder convolutions(int value) {
            this.convolutions = value;
            return this;
        }

        /** U-Net skip connections; default on. Off makes a plain autoencoder. */
        public Builder skips(boolean value) {
            this.skips = value;
            return this;
        }

        /** Default {@link Upsampling#NEAREST}. */
        public Builder upsampling(Upsampling value) {
            this.upsampling = Objects.requireNonNull(value, "upsampling");
            return this;
        }

        /** Default on. */
        public Builder batchNorm(boolean value) {
            this.batchNorm = value;
            return this;
        }

        /** Default {@link Head#REGRESSION}. */
        public Builder head(Head value) {
            this.head = Objects.requireNonNull(value, "head");
            return this;
        }

        /**
         * Annealed-mean temperature of the classification head, in (0, 1]; default
         * {@link AbBins#DEFAULT_TEMPERATURE}. Refused by {@link #build()} with the regression head.
         */
        public Builder temperature(double value) {
            this.temperature = value;
            return this;
        }

        /**
         * λ of the classification head's class rebalancing, in [0, 1]; default {@link AbBins#DEFAULT_LAMBDA}.
         * Refused by {@link #build()} with the regression head.
         */
        public Builder rebalancing(double value) {
            this.rebalancing = value;
            return this;
        }

        /** The shorter side photos are colorized at; default 128. */
        public Builder workingSide(int value) {
            this.workingSide = value;
            return this;
        }

        /** Default Adam 2e-3. */
        public Builder updater(IUpdater value) {
            this.updater = Objects.requireNonNull(value, "updater").clone();
            return this;
        }

        /**
         * Decoupled weight decay (Loshchilov and Hutter, ICLR 2019), times the learning rate; default
         * {@link #DEFAULT_WEIGHT_DECAY}.
         */
        public Builder weightDecay(double value) {
            this.weightDecay = value;
            return this;
        }

        /** The seed of the initial weights; required. */
        public Builder seed(long value) {
            this.seed = value;
            return this;
        }

        /**
         * Validates and builds.
         *
         * @throws IllegalArgumentException naming the setting that is out of range
         */
        public ColorizerConfig build() {
            if (input.colorSpace() != ColorSpace.LAB_L) {
                throw new IllegalArgumentException("the colorizer's input is L*: input colour space must be LAB_L,"
                        + " got " + input.colorSpace());
            }
            if (widths.size() < 2 || widths.size() > 6) {
                throw new IllegalArgumentException("widths: need 2 to 6 levels, got " + widths);
            }
            for (Integer w : widths) {
                if (w == null || w < 1 || w > 2048) {
                    throw new IllegalArgumentException("widths must be in 1..2048, got " + widths);
                }
            }
            int multiple = 1 << (widths.size() - 1);
            if (input.height() % multiple != 0 || input.width() % multiple != 0) {
                throw new IllegalArgumentException("input " + input.height() + "x" + input.width() + " must be a"
                        + " multiple of " + multiple + " for " + widths.size() + " levels");
            }
            if (convolutions < 1 || convolutions > 4) {
                throw new IllegalArgumentException("convolutions per level must be in 1..4, got " + convolutions);
            }
            boolean customTemperature = temperature != null && temperature != AbBins.DEFAULT_TEMPERATURE;
            boolean customRebalancing = rebalancing != null && rebalancing != AbBins.DEFAULT_LAMBDA;
            if (head == Head.REGRESSION && (customTemperature || customRebalancing)) {
                throw new IllegalArgumentException((customTemperature ? "temperature" : "rebalancing")
                        + " applies to the classification head only; this configuration has the regression head");
            }
            if (temperature != null && !(temperature > 0 && temperature <= 1)) {
                throw new IllegalArgumentException("temperature must be in (0, 1], got " + temperature);
            }
            if (rebalancing != null && !(rebalancing >= 0 && rebalancing <= 1)) {
                throw new IllegalArgumentException("rebalancing (lambda) must be in [0, 1], got " + rebalancing);
            }
            if (workingSide < multiple || workingSide > 4096) {
                throw new IllegalArgumentException("workingSide must be in " + multiple + "..4096, got "
                        + workingSide);
            }
            if (!(weightDecay >= 0)) {
                throw new IllegalArgumentException("weightDecay must be >= 0, got " + weightDecay);
            }
            if (seed == null) {
                throw new IllegalArgumentException("set the seed: seed(long)");
            }
            return new ColorizerConfig(this);
        }
    }
}
