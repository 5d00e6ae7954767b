package dev.pigment.models.engine;

import java.util.Collection;
import org.deeplearning4j.nn.api.Layer;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.layers.SubsamplingLayer;
import org.deeplearning4j.optimize.api.TrainingListener;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Pooling with DL4J's {@link SubsamplingLayer} configuration, run by {@link NativeSubsamplingLayer}: float32 max
 * pooling without dilation runs on oneDNN directly ({@link OneDnnPooling}), the rest as DL4J runs it. libnd4j's
 * {@code maxpool2d_bp} made its primitive and reordered copies in every call: 4.6 ms for the 128×28×28×32 NHWC
 * input of the reference CNN's first pooling on a 2-vCPU AMD EPYC Zen 5 (family 26, model 2), against a training
 * step of about 33 ms.
 *
 * <p>Build it from DL4J's: {@code NativeSubsampling.of(new SubsamplingLayer.Builder(PoolingType.MAX)
 * .kernelSize(2, 2).stride(2, 2).dataFormat(CNN2DFormat.NHWC).build())}.
 */
public class NativeSubsampling extends SubsamplingLayer {

    /** For JSON deserialisation: DL4J's no-argument configuration. */
    public NativeSubsampling() {
        super();
    }

    /**
     * The same pooling as {@code layer}, every setting copied (DL4J's builder has checked them), run by pigment's
     * layer.
     */
    public static NativeSubsampling of(SubsamplingLayer layer) {
        NativeSubsampling copy = new NativeSubsampling();
        copy.setLayerName(layer.getLayerName());
        copy.setIDropout(layer.getIDropout() == null ? null : layer.getIDropout().clone());
        copy.setConvolutionMode(layer.getConvolutionMode());
        copy.setPoolingType(layer.getPoolingType());
        copy.setKernelSize(layer.getKernelSize().clone());
        copy.setStride(layer.getStride().clone());
        copy.setPadding(layer.getPadding().clone());
        copy.setDilation(layer.getDilation().clone());
        copy.setPnorm(layer.getPnorm());
        copy.setEps(layer.getEps());
        copy.setCudnnAllowFallback(layer.isCudnnAllowFallback());
        copy.setCnn2dDataFormat(layer.getCnn2dDataFormat());
        copy.setDefaultValueOverridden(layer.isDefaultValueOverridden());
        copy.setAvgPoolIncludePadInDivisor(layer.isAvgPoolIncludePadInDivisor());
        return copy;
    }

    @Override
    public Layer instantiate(NeuralNetConfiguration conf, Collection<TrainingListener> listeners, int layerIndex,
                             INDArray layerParamsView, boolean initializeParams, DataType networkDataType) {
        return NativeLayers.wire(new NativeSubsamplingLayer(conf, networkDataType), conf, listeners, layerIndex,
                layerParamsView, initializeParams, initializer());
    }
}
