package dev.pigment.models.engine;

import java.util.Collection;
import org.deeplearning4j.nn.api.Layer;
import org.deeplearning4j.nn.api.ParamInitializer;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.FeedForwardLayer;
import org.deeplearning4j.nn.conf.layers.LayerValidation;
import org.deeplearning4j.nn.conf.memory.LayerMemoryReport;
import org.deeplearning4j.nn.conf.memory.MemoryReport;
import org.deeplearning4j.nn.params.DefaultParamInitializer;
import org.deeplearning4j.optimize.api.TrainingListener;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * A fully connected layer with bias, parameters as DL4J's {@code DenseLayer} ({@code W: [nIn, nOut]},
 * {@code b: [1, nOut]}, {@link DefaultParamInitializer}), run by {@link NativeDenseLayer}: three {@code gemm}
 * calls into row-major outputs per training step, on oneDNN's {@code sgemm} (every core) where its natives load, else
 * ND4J's. DL4J 1.0.0-M2.1's dense layer multiplies through transposed column-major views, which took 4 ms instead of
 * 1 ms for a 128×3136 by 3136×128 product here.
 */
public class NativeDense extends FeedForwardLayer {

    /** For JSON deserialisation. */
    public NativeDense() {
        super();
    }

    /** A layer with {@code builder}'s settings, constraints included. */
    protected NativeDense(Builder builder) {
        super(builder);
        initializeConstraints(builder);
    }

    /**
     * Creates a {@link NativeDenseLayer} on {@code layerParamsView}; throws DL4J's
     * {@code DL4JInvalidConfigException} if {@code nIn} or {@code nOut} is not set.
     */
    @Override
    public Layer instantiate(NeuralNetConfiguration conf, Collection<TrainingListener> listeners, int layerIndex,
                             INDArray layerParamsView, boolean initializeParams, DataType networkDataType) {
        LayerValidation.assertNInNOutSet("NativeDense", getLayerName(), layerIndex, getNIn(), getNOut());
        return NativeLayers.wire(new NativeDenseLayer(conf, networkDataType), conf, listeners, layerIndex,
                layerParamsView, initializeParams, initializer());
    }

    /** DL4J's {@link DefaultParamInitializer}: the dense layer's {@code W} and {@code b}. */
    @Override
    public ParamInitializer initializer() {
        return DefaultParamInitializer.getInstance();
    }

    /** Parameters and updater state, plus an output-sized working array per example in training; no cache. */
    @Override
    public LayerMemoryReport getMemoryReport(InputType inputType) {
        InputType outputType = getOutputType(-1, inputType);
        long numParams = initializer().numParams(this);
        long updaterStateSize = (long) getIUpdater().stateSize(numParams);
        return new LayerMemoryReport.Builder(layerName, NativeDense.class, inputType, outputType)
                .standardMemory(numParams, updaterStateSize)
                .workingMemory(0, 0, 0, outputType.arrayElementsPerExample())
                .cacheMemory(MemoryReport.CACHE_MODE_ALL_ZEROS, MemoryReport.CACHE_MODE_ALL_ZEROS)
                .build();
    }

    /** Configures a {@link NativeDense}: {@code nOut}, activation, weight init, updater etc. as for DL4J layers. */
    public static class Builder extends FeedForwardLayer.Builder<Builder> {
        /** A {@link NativeDense} with these settings. */
        @Override
        @SuppressWarnings("unchecked")
        public NativeDense build() {
            return new NativeDense(this);
        }
    }
}
