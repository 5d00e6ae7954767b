package dev.pigment.models.colorizer;

import dev.pigment.core.ColorSpace;
import dev.pigment.core.InputSpec;
import dev.pigment.core.color.AbBins;
import dev.pigment.models.engine.ConvBlock;
import dev.pigment.models.engine.Flops;
import dev.pigment.models.engine.NetworkSummary;
import dev.pigment.models.train.Optimizer;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.conf.inputs.InputType;

/**
 * The architecture of a colorizer, as data: an encoder–decoder from CIE L* to a*b* (Zhang, Isola and Efros,
 * "Colorful Image Colorization", ECCV 2016) with U-Net skip connections (Ronneberger, Fischer and Brox, MICCAI
 * 2015) on by default. An immutable record validated by its constructor; {@link #graph(ColorizerHead)} builds the DL4J configuration on
 * pigment's engine ({@link ColorizerGraph}) without allocating parameters.
 *
 * <p>The encoder has one level per entry of {@link #widths()}: {@link #convolutions()} 3×3 convolutions with batch
 * normalisation and ReLU, then 2×2 max pooling (not after the last level, the bottleneck). The decoder climbs back
 * level by level: ×2 upsampling ({@link Upsampling#NEAREST} then a 3×3 convolution, or a 2×2 stride-2
 * {@link Upsampling#TRANSPOSED} convolution), concatenation with the encoder level of that size when
 * {@link #skips()} is on, and the same convolutions. A 1×1 convolution makes the head's output at the input's size,
 * and the {@link ColorizerHead} that {@link #head()} names owns its channels, loss, targets and decoding:
 *
 * <ul>
 *   <li>{@link Head#REGRESSION} ({@link ColorizerHead.Regression}): a*b* with the {@link #loss()} named, L2 by
 *       default;</li>
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
 * <p>Start from the named architecture {@link #unet64()} or {@link #builder(InputSpec)}.
 *
 * @param input the input crops: L* ({@link ColorSpace#LAB_L}), their size, normalisation and layout
 * @param widths filters per encoder level, from the input down (2 to 6 levels); the last level is the bottleneck
 * @param convolutions 3×3 convolutions per level, 1 to 4
 * @param skips whether the decoder concatenates the encoder's features of each size (U-Net)
 * @param upsampling how the decoder doubles the resolution
 * @param batchNorm whether every convolution is followed by batch normalisation (Ioffe and Szegedy, ICML 2015)
 * @param head the kind of head: regression or classification ({@link ColorizerHead#of} makes the trained one)
 * @param loss the regression head's per-pixel loss; only {@link #DEFAULT_LOSS} with the classification head, whose
 *     loss is its cross-entropy
 * @param temperature the annealed-mean temperature of the classification head (Zhang et al.: 0.38), in (0, 1];
 *     only {@link AbBins#DEFAULT_TEMPERATURE} with the regression head, which has none
 * @param rebalancing λ of the classification head's class rebalancing (Zhang et al.: 0.5; 1 turns rebalancing off),
 *     in [0, 1]; only {@link AbBins#DEFAULT_LAMBDA} with the regression head
 * @param workingSide the shorter side, in pixels, photos are scaled to when colorized: the model runs there and its
 *     a*b* is upsampled to the photo's size
 * @param optimizer the updater with its peak learning rate, and weight decay
 * @param seed the seed of the initial weights
 */
public record ColorizerConfig(InputSpec input, List<Integer> widths, int convolutions, boolean skips,
                              Upsampling upsampling, boolean batchNorm, Head head, Loss loss, double temperature,
                              double rebalancing, int workingSide, Optimizer optimizer, long seed) {
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
    public static final double DEFAULT_WEIGHT_DECAY = 0.1;
    /**
     * The regression head's default loss: L2, whose minimiser is the conditional mean that PSNR rewards. Under 5-fold
     * cross-validation on the wallpaper photos it held out colours better than L1 ({@code docs/colorizer.md}).
     */
    public static final Loss DEFAULT_LOSS = Loss.L2;
    /** Output channels of the regression head: a*, b*. */
    public static final int AB_CHANNELS = 2;

    /** What the network predicts per pixel. */
    public enum Head {
        /** a*b* regression with the {@link Loss} the configuration names. */
        REGRESSION,
        /** A distribution over quantised a*b* cells (Zhang et al.), decoded by the annealed mean. */
        CLASSIFICATION
    }

    /** The regression head's per-pixel loss on a*b*. */
    public enum Loss {
        /**
         * Mean absolute error: its minimiser is the conditional median, so uncertain pixels keep one plausible colour
         * (more colourful, and more often wrong).
         */
        L1,
        /**
         * Mean squared error: its minimiser is the conditional mean, so uncertain pixels fade towards gray (what
         * PSNR rewards; Zhang et al. 2016 call it desaturating).
         */
        L2
    }

    /** How the decoder doubles the resolution. */
    public enum Upsampling {
        /** Nearest-neighbour ×2, then a 3×3 convolution (no checkerboard artefacts: Odena et al., Distill 2016). */
        NEAREST,
        /** A 2×2 transposed convolution with stride 2. */
        TRANSPOSED
    }

    /**
     * Validates and copies the components.
     *
     * @throws IllegalArgumentException naming the component that is out of range
     * @throws NullPointerException if the input, widths, upsampling, head, loss or optimiser are null
     */
    public ColorizerConfig {
        Objects.requireNonNull(input, "input");
        widths = List.copyOf(widths);
        Objects.requireNonNull(upsampling, "upsampling");
        Objects.requireNonNull(head, "head");
        Objects.requireNonNull(loss, "loss");
        Objects.requireNonNull(optimizer, "optimizer");
        if (input.colorSpace() != ColorSpace.LAB_L) {
            throw new IllegalArgumentException("the colorizer's input is L*: input colour space must be LAB_L,"
                    + " got " + input.colorSpace());
        }
        if (widths.size() < 2 || widths.size() > 6) {
            throw new IllegalArgumentException("widths: need 2 to 6 levels, got " + widths);
        }
        for (int w : widths) {
            if (w < 1 || w > 2048) {
                throw new IllegalArgumentException("widths must be in 1..2048, got " + widths);
            }
        }
        int multiple = sizeMultiple(widths.size());
        if (input.height() % multiple != 0 || input.width() % multiple != 0) {
            throw new IllegalArgumentException("input " + input.height() + "x" + input.width() + " must be a"
                    + " multiple of " + multiple + " for " + widths.size() + " levels");
        }
        if (convolutions < 1 || convolutions > 4) {
            throw new IllegalArgumentException("convolutions per level must be in 1..4, got " + convolutions);
        }
        boolean customTemperature = temperature != AbBins.DEFAULT_TEMPERATURE;
        boolean customRebalancing = rebalancing != AbBins.DEFAULT_LAMBDA;
        if (head == Head.CLASSIFICATION && loss != DEFAULT_LOSS) {
            throw new IllegalArgumentException("loss " + loss + " applies to the regression head only; the"
                    + " classification head's loss is its cross-entropy");
        }
        if (head == Head.REGRESSION && (customTemperature || customRebalancing)) {
            throw new IllegalArgumentException((customTemperature ? "temperature" : "rebalancing")
                    + " applies to the classification head only; this configuration has the regression head");
        }
        if (!(temperature > 0 && temperature <= 1)) {
            throw new IllegalArgumentException("temperature must be in (0, 1], got " + temperature);
        }
        if (!(rebalancing >= 0 && rebalancing <= 1)) {
            throw new IllegalArgumentException("rebalancing (lambda) must be in [0, 1], got " + rebalancing);
        }
        Colorizer.requireWorkingSide("workingSide", workingSide, multiple, "");
    }

    /**
     * A builder with the defaults of {@link #unet64()} for {@code input} (which must be {@link ColorSpace#LAB_L});
     * the seed must be set.
     */
    public static Builder builder(InputSpec input) {
        return new Builder(input);
    }

    /**
     * The default colorizer: 64×64 L* crops ({@link InputSpec#lightness}); a U-Net of four levels (16, 32, 64, 128
     * filters, two convolutions each) with batch normalisation, nearest-neighbour upsampling, the regression head with
     * the L2 loss, and photos colorized at a shorter side of 128 pixels; Adam 2e-3 with decoupled weight decay 0.1.
     */
    public static Builder unet64() {
        return builder(InputSpec.lightness(64, 64));
    }

    /** Input sides must be multiples of this: 2^(levels − 1). */
    public int sizeMultiple() {
        return sizeMultiple(widths.size());
    }

    /** What input sides of a U-Net of {@code levels} levels must be multiples of: 2^(levels − 1). */
    public static int sizeMultiple(int levels) {
        return 1 << (levels - 1);
    }

    /** A builder holding this configuration, to derive variants. */
    public Builder toBuilder() {
        return new Builder(this);
    }

    /** The network's input type, from {@link #input()}. */
    public InputType inputType() {
        return ConvBlock.inputType(input);
    }

    /**
     * The DL4J configuration with {@code head}'s output channels and loss ({@link ColorizerGraph}); no parameters
     * are allocated.
     *
     * @param head the trained head's type: {@link ColorizerHead.Regression}, or {@link ColorizerHead.Classification}
     *     with its a*b* cells
     * @throws IllegalArgumentException if {@code head} is not of this configuration's {@link #head()} kind, or is a
     *     regression head with another {@link #loss()}
     */
    public ComputationGraphConfiguration graph(ColorizerHead head) {
        if (head.kind() != this.head) {
            throw new IllegalArgumentException("this configuration has the " + this.head + " head, not " + head);
        }
        if (head instanceof ColorizerHead.Regression r && r.loss() != loss) {
            throw new IllegalArgumentException("this configuration trains with the " + loss + " loss, not " + head);
        }
        return ColorizerGraph.build(this, head);
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
     * is {@link Colorizer#head()}; for a regression configuration, {@code ColorizerHead.regression(config.loss())}.
     */
    public String summary(ColorizerHead head) {
        List<NetworkSummary.LayerInfo> layers = layers(head);
        return NetworkSummary.table(layers, String.format("input %s, %s head (%d channels), %,d parameters, %.1f"
                + " MFLOP forward per crop", input, this.head, head.outputChannels(), NetworkSummary.numParams(layers),
                forwardFlops(head) / 1e6));
    }

    /**
     * Collects the components of a {@link ColorizerConfig}; {@link #build()} makes the record, which validates.
     * Defaults are those of {@link #unet64()}; the seed has none.
     */
    public static final class Builder {
        private final InputSpec input;
        private final List<Integer> widths = new ArrayList<>(List.of(16, 32, 64, 128));
        private int convolutions = 2;
        private boolean skips = true;
        private Upsampling upsampling = Upsampling.NEAREST;
        private boolean batchNorm = true;
        private Head head = Head.REGRESSION;
        private Loss loss = DEFAULT_LOSS;
        private double temperature = AbBins.DEFAULT_TEMPERATURE;
        private double rebalancing = AbBins.DEFAULT_LAMBDA;
        private int workingSide = 128;
        private Optimizer optimizer = Optimizer.adam(2e-3).withWeightDecay(DEFAULT_WEIGHT_DECAY);
        private Long seed;

        private Builder(InputSpec input) {
            this.input = Objects.requireNonNull(input, "input");
        }

        private Builder(ColorizerConfig c) {
            this(c.input);
            widths.clear();
            widths.addAll(c.widths);
            convolutions = c.convolutions;
            skips = c.skips;
            upsampling = c.upsampling;
            batchNorm = c.batchNorm;
            head = c.head;
            loss = c.loss;
            temperature = c.temperature;
            rebalancing = c.rebalancing;
            workingSide = c.workingSide;
            optimizer = c.optimizer;
            seed = c.seed;
        }

        /** See {@link ColorizerConfig#widths()}; default 16, 32, 64, 128. */
        public Builder widths(Integer... values) {
            widths.clear();
            widths.addAll(List.of(values));
            return this;
        }

        /** See {@link ColorizerConfig#convolutions()}; default 2. */
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
            this.upsampling = value;
            return this;
        }

        /** Default on. */
        public Builder batchNorm(boolean value) {
            this.batchNorm = value;
            return this;
        }

        /** Default {@link Head#REGRESSION}. */
        public Builder head(Head value) {
            this.head = value;
            return this;
        }

        /**
         * The regression head's loss; default {@link #DEFAULT_LOSS}. Another value is refused with the classification
         * head.
         */
        public Builder loss(Loss value) {
            this.loss = Objects.requireNonNull(value, "loss");
            return this;
        }

        /**
         * Annealed-mean temperature of the classification head, in (0, 1]; default
         * {@link AbBins#DEFAULT_TEMPERATURE}. Another value is refused with the regression head.
         */
        public Builder temperature(double value) {
            this.temperature = value;
            return this;
        }

        /**
         * λ of the classification head's class rebalancing, in [0, 1]; default {@link AbBins#DEFAULT_LAMBDA}.
         * Another value is refused with the regression head.
         */
        public Builder rebalancing(double value) {
            this.rebalancing = value;
            return this;
        }

        /** See {@link ColorizerConfig#workingSide()}; default 128. */
        public Builder workingSide(int value) {
            this.workingSide = value;
            return this;
        }

        /**
         * See {@link ColorizerConfig#optimizer()}; default Adam 2e-3 with weight decay {@link #DEFAULT_WEIGHT_DECAY}.
         */
        public Builder optimizer(Optimizer value) {
            this.optimizer = Objects.requireNonNull(value, "optimizer");
            return this;
        }

        /** The seed of the initial weights; required. */
        public Builder seed(long value) {
            this.seed = value;
            return this;
        }

        /**
         * Builds the configuration.
         *
         * @throws IllegalArgumentException if the seed is not set, or as {@link ColorizerConfig#ColorizerConfig}
         */
        public ColorizerConfig build() {
            if (seed == null) {
                throw new IllegalArgumentException("set the seed: seed(long)");
            }
            return new ColorizerConfig(input, widths, convolutions, skips, upsampling, batchNorm, head, loss,
                    temperature, rebalancing, workingSide, optimizer, seed);
        }
    }
}
