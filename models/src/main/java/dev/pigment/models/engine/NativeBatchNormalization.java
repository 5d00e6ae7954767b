package dev.pigment.models.engine;

import java.util.Collection;
import org.deeplearning4j.nn.api.Layer;
import org.deeplearning4j.nn.conf.CNN2DFormat;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.layers.BatchNormalization;
import org.deeplearning4j.nn.conf.layers.LayerValidation;
import org.deeplearning4j.optimize.api.TrainingListener;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Batch normalisation (Ioffe and Szegedy, "Batch Normalization: Accelerating Deep Network Training by Reducing
 * Internal Covariate Shift", ICML 2015) with DL4J's {@link BatchNormalization} configuration, parameters and running
 * statistics, run by {@link NativeBatchNormalizationLayer}, and with its activation applied (DL4J's own layer
 * ignores it), so that "normalise then ReLU" is one layer. With channels last (NHWC, or a [batch, features] input)
 * the per-channel sums are matrix-vector products and the affine maps are oneDNN's {@code batchnorm}: libnd4j's
 * reductions over the three non-channel axes of NHWC took 30–40 ms and its {@code batchnorm_bp} 135 ms for a
 * 128×28×28×64 tensor here, against ~2 ms for a pass over it. NCHW runs DL4J's implementation.
 */
public class NativeBatchNormalization extends BatchNormalization {

    /** For JSON deserialisation; also the defaults: decay 0.9, eps 1e-5, log-std running statistics, identity. */
    public NativeBatchNormalization() {
        super();
        setActivationFn(Activation.IDENTITY.getActivationFunction());
        setUseLogStd(true);
    }

    /**
     * Creates a {@link NativeBatchNormalizationLayer} on {@code layerParamsView}, with DL4J's batch normalisation
     * parameters; throws DL4J's {@code DL4JInvalidConfigException} if {@code nOut} is not set.
     */
    @Override
    public Layer instantiate(NeuralNetConfiguration conf, Collection<TrainingListener> listeners, int layerIndex,
                             INDArray layerParamsView, boolean initializeParams, DataType networkDataType) {
        LayerValidation.assertNOutSet("NativeBatchNormalization", getLayerName(), layerIndex, getNOut());
        return NativeLayers.wire(new NativeBatchNormalizationLayer(conf, networkDataType), conf, listeners,
                layerIndex, layerParamsView, initializeParams, initializer());
    }

    /** Configures a {@link NativeBatchNormalization}. */
    public static final class Builder {
        private CNN2DFormat format = CNN2DFormat.NCHW;
        private Activation activation = Activation.IDENTITY;
        private double decay = 0.9;
        private double eps = 1e-5;
        private String name;

        /** The layout of 4D inputs; default NCHW, as DL4J's layer. */
        public Builder dataFormat(CNN2DFormat value) {
            this.format = value;
            return this;
        }

        /** The activation applied after normalising; default identity. */
        public Builder activation(Activation value) {
            this.activation = value;
            return this;
        }

        /** Decay of the running mean and variance; default 0.9. */
        public Builder decay(double value) {
            this.decay = value;
            return this;
        }

        /** Added to the variance; default 1e-5. */
        public Builder eps(double value) {
            this.eps = value;
            return this;
        }

        /** The layer's name; default none (a graph builder names it). */
        public Builder name(String value) {
            this.name = value;
            return this;
        }

        /**
         * A {@link NativeBatchNormalization} with these settings.
         *
         * @throws IllegalArgumentException if the decay is outside [0, 1) or eps is not positive
         */
        public NativeBatchNormalization build() {
            if (!(decay >= 0 && decay < 1)) {
                throw new IllegalArgumentException("decay must be in [0, 1), got " + decay);
            }
            if (!(eps > 0)) {
                throw new IllegalArgumentException("eps must be positive, got " + eps);
            }
            NativeBatchNormalization layer = new NativeBatchNormalization();
            layer.setCnn2DFormat(format);
            layer.setActivationFn(activation.getActivationFunction());
            layer.setDecay(decay);
            layer.setEps(eps);
            layer.setLayerName(name);
            return layer;
        }
    }
}
