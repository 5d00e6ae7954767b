package dev.pigment.models.engine;

import java.util.Collection;
import org.deeplearning4j.nn.api.Layer;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.layers.Upsampling2D;
import org.deeplearning4j.optimize.api.TrainingListener;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Nearest-neighbour upsampling with DL4J's {@link Upsampling2D} configuration, run by
 * {@link NativeUpsampling2DLayer}: in float32 on oneDNN's nearest resampling, both passes; otherwise the forward pass
 * writes each of the size² output phases as one strided copy of the input instead of libnd4j's {@code upsampling2d}
 * op, which took 4.0 ms against 0.8 ms for a 1×64×116×32 NHWC input ×2 on a 2-vCPU AMD EPYC Zen 5 (family 26,
 * model 2), and the backward pass is DL4J's. docs/engine.md has the measurements.
 */
public class NativeUpsampling2D extends Upsampling2D {

    /** For JSON deserialisation: size unset, NCHW, as DL4J's no-argument configuration. */
    public NativeUpsampling2D() {
        super();
    }

    /** The same upsampling as {@code layer} (size, layout, name, input dropout), run by pigment's layer. */
    public static NativeUpsampling2D of(Upsampling2D layer) {
        NativeUpsampling2D copy = new NativeUpsampling2D();
        copy.setLayerName(layer.getLayerName());
        copy.setSize(layer.getSize().clone());
        copy.setFormat(layer.getFormat());
        copy.setIDropout(layer.getIDropout() == null ? null : layer.getIDropout().clone());
        return copy;
    }

    @Override
    public Layer instantiate(NeuralNetConfiguration conf, Collection<TrainingListener> listeners, int layerIndex,
                             INDArray layerParamsView, boolean initializeParams, DataType networkDataType) {
        return NativeLayers.wire(new NativeUpsampling2DLayer(conf, networkDataType), conf, listeners, layerIndex,
                layerParamsView, initializeParams, initializer());
    }
}
