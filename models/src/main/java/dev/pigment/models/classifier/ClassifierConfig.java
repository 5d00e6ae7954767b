package dev.pigment.models.classifier;

import dev.pigment.core.InputSpec;
import dev.pigment.models.engine.ConvBlock;
import dev.pigment.models.engine.Flops;
import dev.pigment.models.engine.NativeConvolution;
import dev.pigment.models.engine.NativeDense;
import dev.pigment.models.engine.NetworkSummary;
import dev.pigment.models.train.Optimizer;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.conf.inputs.InputType;

/**
 * The architecture of a CNN image classifier, as data: the input ({@link InputSpec}), the number of classes, the
 * feature extractor as a list of {@link Stage}s, the head (global average pooling or flattening, hidden fully
 * connected layers, dropout), the {@link Optimizer} and the seed. An immutable record validated by its constructor;
 * {@link #graph()} turns it into a DL4J {@link ComputationGraphConfiguration} on pigment's engine
 * ({@link NativeConvolution}, {@link NativeDense}) without allocating parameters, and {@link #layers()} describes
 * it layer by layer.
 *
 * <p>Layer names are fixed: {@code s<i>_conv<j>} and {@code s<i>_bn<j>} (normalisation and ReLU) for convolution j of
 * stage i (from 1), {@code s<i>_shortcut}, {@code s<i>_shortcut_bn}, {@code s<i>_add}, {@code s<i>_out} for a
 * residual stage, {@code s<i>_pool}, {@code s<i>_dropout}; then {@code gap} (global average pooling),
 * {@code fc<k>_dropout}, {@code fc<k>}, {@code output_dropout} and {@code output}. {@link #featuresVertex()} names the
 * last vertex of the feature extractor, where fine-tuning cuts the network.
 *
 * <p>Start from a named architecture ({@link #small28}, {@link #small32}, {@link #photo128}) or {@link #builder}.
 *
 * @param input the input the network takes: size, colour space, normalisation and layout
 * @param numClasses the number of classes, at least 2
 * @param stages the stages of the feature extractor, in order (at least one)
 * @param batchNorm whether every convolution is followed by batch normalisation (Ioffe and Szegedy, ICML 2015)
 * @param globalPooling whether the head starts with global average pooling ({@link #GAP}; Lin et al., "Network In
 *     Network", 2014) rather than flattening the last stage
 * @param hidden widths of the hidden fully connected layers of the head, in order; empty for none
 * @param headDropout the share of activations dropped before each fully connected layer of the head (Srivastava et
 *     al., JMLR 2014), in [0, 1); 0 for none
 * @param optimizer the updater with its peak learning rate, and weight decay
 * @param seed the seed of the initial weights and of dropout
 */
public record ClassifierConfig(InputSpec input, int numClasses, List<Stage> stages, boolean batchNorm,
                               boolean globalPooling, List<Integer> hidden, double headDropout, Optimizer optimizer,
                               long seed) {
    /** The name of the network's input. */
    public static final String INPUT = "input";
    /** The name of the output layer (softmax, cross-entropy). */
    public static final String OUTPUT = "output";
    /** The name of the global average pooling layer. */
    public static final String GAP = "gap";

    /**
     * Validates and copies the components.
     *
     * @throws IllegalArgumentException if there are fewer than 2 classes or no stage, a hidden width is below 1, the
     *     head dropout is outside [0, 1), or the input is too small to be halved by every downsampling stage
     * @throws NullPointerException if the input, stages, hidden widths or optimiser are null
     */
    public ClassifierConfig {
        Objects.requireNonNull(input, "input");
        stages = List.copyOf(stages);
        hidden = List.copyOf(hidden);
        Objects.requireNonNull(optimizer, "optimizer");
        if (numClasses < 2) {
            throw new IllegalArgumentException("a classifier needs at least 2 classes, got " + numClasses);
        }
        if (stages.isEmpty()) {
            throw new IllegalArgumentException("at least one stage is required");
        }
        for (int w : hidden) {
            if (w < 1) {
                throw new IllegalArgumentException("hidden widths must be positive, got " + hidden);
            }
        }
        if (!(headDropout >= 0 && headDropout < 1)) {
            throw new IllegalArgumentException("headDropout must be in [0, 1), got " + headDropout);
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
    }

    /** A builder with no stages, batch normalisation on, flattening head, Adam 1e-3; the seed must be set. */
    public static Builder builder(InputSpec input, int numClasses) {
        return new Builder(input, numClasses);
    }

    /**
     * For small grayscale images such as Fashion-MNIST ({@link InputSpec#gray gray} 28×28): a 32-filter convolution,
     * then two stages of two convolutions (64 and 128 filters), each convolution with batch normalisation, each
     * stage followed by max pooling; a 256-wide fully connected layer, dropout 0.1 before it and before the output;
     * Adam 5e-3. 44.9 MFLOP per image. Chosen by measurement: on a 2-vCPU AMD EPYC Zen 4 it reached 93.3% on
     * Fashion-MNIST in 8 epochs, where two stages of 32 and 64 filters (38 MFLOP) with more dropout reached 92.1%; on a
     * 2-vCPU AMD EPYC Zen 5, after 380,000 training images (about 7 epochs, what the slower hosts met trained in ten
     * minutes with earlier recipes) head dropout 0.1 scored 93.56% against 93.09–93.29% with 0.25, over two seeds, and
     * after 450,000 Adam 5e-3 scored 93.53–93.83% against 93.22–93.72% with 3e-3, over three seeds (flip-averaged;
     * docs/classifier.md).
     */
    public static Builder small28(int numClasses) {
        return builder(InputSpec.gray(28, 28), numClasses)
                .stage(Stage.of(32, 1))
                .stage(Stage.of(64, 2))
                .stage(Stage.of(128, 2))
                .hidden(256).headDropout(0.1)
                .optimizer(Optimizer.adam(5e-3));
    }

    /**
     * For small colour images such as CIFAR-10 ({@link InputSpec#rgb rgb} 32×32): three stages of two convolutions
     * (64, 128, 256 filters) with batch normalisation and max pooling, global average pooling, dropout 0.3.
     */
    public static Builder small32(int numClasses) {
        return builder(InputSpec.rgb(32, 32), numClasses)
                .stage(Stage.of(64, 2))
                .stage(Stage.of(128, 2))
                .stage(Stage.of(256, 2))
                .globalPooling(true).headDropout(0.3);
    }

    /**
     * For photos ({@link InputSpec#rgb rgb} 128×128): a strided 32-filter stem, then residual stages of 64, 128, 256
     * and 256 filters, each two convolutions and max pooling, global average pooling, dropout 0.3.
     */
    public static Builder photo128(int numClasses) {
        return builder(InputSpec.rgb(128, 128), numClasses)
                .stage(new Stage(32, 1, Downsampling.STRIDE, 0, false))
                .stage(Stage.of(64, 2).withResidual(true))
                .stage(Stage.of(128, 2).withResidual(true))
                .stage(Stage.of(256, 2).withResidual(true))
                .stage(Stage.of(256, 2).withResidual(true))
                .globalPooling(true).headDropout(0.3);
    }

    /** A builder holding this configuration, to derive variants. */
    public Builder toBuilder() {
        return new Builder(this);
    }

    /** The input type of the network, from {@link #input()}. */
    public InputType inputType() {
        return ConvBlock.inputType(input);
    }

    /** The name of the last vertex of the feature extractor: {@link #GAP}, or the last vertex of the last stage. */
    public String featuresVertex() {
        return ClassifierGraph.featuresVertex(this);
    }

    /** The DL4J configuration of this classifier ({@link ClassifierGraph}); no parameters are allocated. */
    public ComputationGraphConfiguration graph() {
        return ClassifierGraph.build(this);
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

    /**
     * Collects the components of a {@link ClassifierConfig}; {@link #build()} makes the record, which validates.
     * Defaults: batch normalisation on, a flattening head without hidden layers or dropout, Adam 1e-3 without weight
     * decay; the seed has none.
     */
    public static final class Builder {
        private InputSpec input;
        private final int numClasses;
        private final List<Stage> stages = new ArrayList<>();
        private boolean batchNorm = true;
        private boolean globalPooling;
        private final List<Integer> hidden = new ArrayList<>();
        private double headDropout;
        private Optimizer optimizer = Optimizer.adam(1e-3);
        private Long seed;

        private Builder(InputSpec input, int numClasses) {
            this.input = Objects.requireNonNull(input, "input");
            this.numClasses = numClasses;
        }

        private Builder(ClassifierConfig c) {
            this(c.input, c.numClasses);
            stages.addAll(c.stages);
            batchNorm = c.batchNorm;
            globalPooling = c.globalPooling;
            hidden.addAll(c.hidden);
            headDropout = c.headDropout;
            optimizer = c.optimizer;
            seed = c.seed;
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

        /** See {@link ClassifierConfig#batchNorm()}; default on. */
        public Builder batchNorm(boolean value) {
            this.batchNorm = value;
            return this;
        }

        /** See {@link ClassifierConfig#globalPooling()}; default off. */
        public Builder globalPooling(boolean value) {
            this.globalPooling = value;
            return this;
        }

        /** See {@link ClassifierConfig#hidden()}; default none. */
        public Builder hidden(int... widths) {
            hidden.clear();
            for (int w : widths) {
                hidden.add(w);
            }
            return this;
        }

        /** See {@link ClassifierConfig#headDropout()}; default 0. */
        public Builder headDropout(double value) {
            this.headDropout = value;
            return this;
        }

        /** See {@link ClassifierConfig#optimizer()}; default Adam 1e-3, no weight decay. */
        public Builder optimizer(Optimizer value) {
            this.optimizer = Objects.requireNonNull(value, "optimizer");
            return this;
        }

        /** The seed of the initial weights and of dropout; required. */
        public Builder seed(long value) {
            this.seed = value;
            return this;
        }

        /**
         * Builds the configuration.
         *
         * @throws IllegalArgumentException if the seed is not set, or as {@link ClassifierConfig#ClassifierConfig}
         */
        public ClassifierConfig build() {
            if (seed == null) {
                throw new IllegalArgumentException("the seed is required: call seed(...)");
            }
            return new ClassifierConfig(input, numClasses, stages, batchNorm, globalPooling, hidden, headDropout,
                    optimizer, seed);
        }
    }
}
