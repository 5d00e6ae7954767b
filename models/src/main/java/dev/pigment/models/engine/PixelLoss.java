package dev.pigment.models.engine;

import java.util.Collection;
import org.deeplearning4j.nn.api.Layer;
import org.deeplearning4j.nn.conf.CNN2DFormat;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.layers.CnnLossLayer;
import org.deeplearning4j.optimize.api.TrainingListener;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.lossfunctions.ILossFunction;

/**
 * A per-pixel loss layer: DL4J's {@link CnnLossLayer} configuration (same JSON, same gradient), run by
 * {@link PixelLossLayer}, which computes the score in the configured layout. DL4J 1.0.0-M2.1's layer reshapes for
 * the score as if every input were NCHW, so in NHWC a softmax loss scores the wrong axis (and a weighted one fails
 * its weight-length check); its gradient is right.
 */
public class PixelLoss extends CnnLossLayer {

    /** For JSON deserialisation; use {@link #of}. */
    public PixelLoss() {
        super();
    }

    /** A loss layer with {@code loss} over the output of {@code activation}, in {@code format}. */
    public static PixelLoss of(ILossFunction loss, Activation activation, CNN2DFormat format) {
        PixelLoss layer = new PixelLoss();
        layer.setLossFn(loss);
        layer.setActivationFn(activation.getActivationFunction());
        layer.setFormat(format);
        return layer;
    }

    /** Creates a {@link PixelLossLayer}, which has no parameters. */
    @Override
    public Layer instantiate(NeuralNetConfiguration conf, Collection<TrainingListener> listeners, int layerIndex,
                             INDArray layerParamsView, boolean initializeParams, DataType networkDataType) {
        return NativeLayers.wire(new PixelLossLayer(conf, networkDataType), conf, listeners, layerIndex,
                layerParamsView, initializeParams, initializer());
    }
}
