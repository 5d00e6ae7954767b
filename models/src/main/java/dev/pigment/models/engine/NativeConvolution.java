package dev.pigment.models.engine;

import java.util.Collection;
import org.deeplearning4j.nn.api.Layer;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.layers.ConvolutionLayer;
import org.deeplearning4j.nn.conf.layers.LayerValidation;
import org.deeplearning4j.optimize.api.TrainingListener;
import org.deeplearning4j.util.ConvolutionUtils;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * A 2D convolution layer configuration, identical to DL4J's {@link ConvolutionLayer} (same options, parameters,
 * JSON and serialisation) but run by pigment's {@link NativeConvolutionLayer}: libnd4j's native {@code conv2d} and
 * {@code conv2d_bp} ops (oneDNN on CPU, cuDNN on CUDA) called directly, without the forward recomputation that
 * DL4J 1.0.0-M2.1's own layer performs in every backward pass, and without its layout permutes in NHWC. See
 * {@code docs/engine.md} for the measurements behind it.
 *
 * <p>Build it like DL4J's layer: {@code new NativeConvolution.Builder(3, 3).nOut(64).activation(Activation.RELU)
 * .convolutionMode(ConvolutionMode.Same).dataFormat(CNN2DFormat.NHWC).build()}.
 */
public class NativeConvolution extends ConvolutionLayer {

    /**
     * Whether backprop computes the gradient with respect to this layer's input. Only a layer fed by the network
     * input may turn it off (pigment's builders do): its backprop then returns no input gradient ({@code null}) and
     * computes the weight gradient with {@code im2col} and one {@code gemm} instead of {@code conv2d_bp}, which
     * always computes the unused input gradient too (3–4 ms of a 50 ms step for the 28×28 benchmark CNN).
     */
    private boolean inputGradient = true;

    /** For JSON deserialisation. */
    public NativeConvolution() {
        super();
    }

    /** A layer with {@code builder}'s DL4J settings; {@link Builder#build()} then sets the input-gradient flag. */
    protected NativeConvolution(Builder builder) {
        super(builder);
    }

    /**
     * Whether backprop computes the gradient with respect to this layer's input; default true. Only a layer fed by
     * the network input may turn it off (pigment's builders do): its backprop then returns no input gradient
     * ({@code null}) and computes the weight gradient with {@code im2col} and one {@code gemm} instead of
     * {@code conv2d_bp}, which always computes the unused input gradient too.
     */
    public boolean isInputGradient() {
        return inputGradient;
    }

    /** Sets {@link #isInputGradient()}; also what JSON deserialisation calls. */
    public void setInputGradient(boolean inputGradient) {
        this.inputGradient = inputGradient;
    }

    /**
     * Creates a {@link NativeConvolutionLayer} on {@code layerParamsView}, with DL4J's convolution parameters;
     * throws DL4J's {@code DL4JInvalidConfigException} if {@code nIn} or {@code nOut} is not set.
     */
    @Override
    public Layer instantiate(NeuralNetConfiguration conf, Collection<TrainingListener> listeners, int layerIndex,
                             INDArray layerParamsView, boolean initializeParams, DataType networkDataType) {
        LayerValidation.assertNInNOutSet("NativeConvolution", getLayerName(), layerIndex, getNIn(), getNOut());
        return NativeLayers.wire(new NativeConvolutionLayer(conf, networkDataType), conf, listeners, layerIndex,
                layerParamsView, initializeParams, initializer());
    }

    /** The builder of DL4J's {@link ConvolutionLayer}, building a {@link NativeConvolution}. */
    public static class Builder extends ConvolutionLayer.Builder {
        private boolean inputGradient = true;

        /** A builder for kernels of {@code kernelSize} (height, width), as DL4J's. */
        public Builder(int... kernelSize) {
            super(kernelSize);
        }

        /**
         * See {@link NativeConvolution#isInputGradient()}; default true. Call it first: DL4J's inherited builder
         * methods return DL4J's builder type.
         */
        public Builder inputGradient(boolean value) {
            this.inputGradient = value;
            return this;
        }

        /**
         * A {@link NativeConvolution} with these settings, after DL4J's checks of the padding (none in
         * {@code Same} mode), kernel size and stride, which throw on invalid values.
         */
        @Override
        public NativeConvolution build() {
            ConvolutionUtils.validateConvolutionModePadding(convolutionMode, padding);
            ConvolutionUtils.validateCnnKernelStridePadding(kernelSize, stride, padding);
            NativeConvolution layer = new NativeConvolution(this);
            layer.inputGradient = inputGradient;
            return layer;
        }
    }
}
