package dev.pigment.models.engine;

import dev.pigment.core.InputSpec;
import org.deeplearning4j.nn.conf.CNN2DFormat;
import org.deeplearning4j.nn.conf.ComputationGraphConfiguration.GraphBuilder;
import org.deeplearning4j.nn.conf.ConvolutionMode;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.Layer;
import org.deeplearning4j.nn.weights.WeightInit;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.learning.config.IUpdater;

/**
 * The convolution block both model builders use: a {@link NativeConvolution} followed, when batch normalisation is
 * on, by a {@link NativeBatchNormalization} with the activation fused (the convolution then has no bias); without
 * batch normalisation the activation is fused into the convolution. Blocks fed by the network input compute no
 * input gradient.
 *
 * @param batchNorm whether to add batch normalisation
 * @param format the activations' layout
 * @param input the name of the network input
 */
public record ConvBlock(boolean batchNorm, CNN2DFormat format, String input) {

    /** Where layers go: a DL4J graph builder, a transfer-learning builder, or nothing (to follow names only). */
    @FunctionalInterface
    public interface LayerSink {
        /** Adds {@code layer} as the vertex {@code name}, fed by the vertices {@code from}. */
        void add(String name, Layer layer, String... from);
    }

    /**
     * The start of both models' graphs: the seed, the updater, decoupled weight decay (Loshchilov and Hutter, ICLR
     * 2019) when above 0, He initialisation for ReLU, "same" padding, and one input named {@code inputName} of type
     * {@code input}.
     */
    public static GraphBuilder graph(long seed, IUpdater updater, double weightDecay, InputSpec input,
                                     String inputName) {
        NeuralNetConfiguration.Builder base = new NeuralNetConfiguration.Builder()
                .seed(seed)
                .updater(updater.clone())
                .weightInit(WeightInit.RELU)
                .convolutionMode(ConvolutionMode.Same);
        if (weightDecay > 0) {
            base.weightDecay(weightDecay);
        }
        return base.graphBuilder().addInputs(inputName).setInputTypes(inputType(input));
    }

    /** The DL4J input type of {@code input}: convolutional, its size, channels and layout. */
    public static InputType inputType(InputSpec input) {
        return InputType.convolutional(input.height(), input.width(), input.channels(), input.format());
    }

    /**
     * Adds the block to {@code sink}.
     *
     * @param sink where the layers go
     * @param name the convolution's name
     * @param bnName the batch normalisation's name
     * @param filters the convolution's output channels
     * @param kernel the side of the square kernel, in pixels
     * @param stride the stride along both axes, in pixels
     * @param relu ReLU after the block, or identity
     * @param from the vertex that feeds the block
     * @return the name of the block's output vertex
     */
    public String add(LayerSink sink, String name, String bnName, int filters, int kernel, int stride, boolean relu,
                      String from) {
        Activation act = relu ? Activation.RELU : Activation.IDENTITY;
        sink.add(name, new NativeConvolution.Builder(kernel, kernel).inputGradient(!input.equals(from))
                .nOut(filters).stride(stride, stride).activation(batchNorm ? Activation.IDENTITY : act)
                .hasBias(!batchNorm).dataFormat(format).build(), from);
        return batchNorm ? batchNorm(sink, bnName, relu, name) : name;
    }

    /** Adds a {@link NativeBatchNormalization} with ReLU or identity fused; returns its name. */
    public String batchNorm(LayerSink sink, String name, boolean relu, String from) {
        sink.add(name, new NativeBatchNormalization.Builder().dataFormat(format)
                .activation(relu ? Activation.RELU : Activation.IDENTITY).build(), from);
        return name;
    }
}
