package dev.pigment.models.engine;

import java.util.Arrays;
import org.deeplearning4j.exception.DL4JInvalidInputException;
import org.deeplearning4j.nn.api.Layer;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.gradient.DefaultGradient;
import org.deeplearning4j.nn.gradient.Gradient;
import org.deeplearning4j.nn.layers.BaseLayer;
import org.deeplearning4j.nn.params.DefaultParamInitializer;
import org.deeplearning4j.nn.workspace.ArrayType;
import org.deeplearning4j.nn.workspace.LayerWorkspaceMgr;
import org.nd4j.common.primitives.Pair;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/** The layer behind {@link NativeDense}: {@code out = act(in·W + b)}, backward with explicit {@code gemm} calls. */
public class NativeDenseLayer extends BaseLayer<NativeDense> {
    private transient FusedActivation activation;

    public NativeDenseLayer(NeuralNetConfiguration conf, DataType dataType) {
        super(conf, dataType);
    }

    private FusedActivation activation() {
        if (activation == null) {
            activation = new FusedActivation(layerConf().getActivationFn());
        }
        return activation;
    }

    private INDArray contiguousInput(LayerWorkspaceMgr mgr) {
        if (input.rank() != 2 || input.size(1) != layerConf().getNIn()) {
            throw new DL4JInvalidInputException("NativeDense " + layerId() + " expects input of shape [n, "
                    + layerConf().getNIn() + "], got " + Arrays.toString(input.shape()));
        }
        return NativeLayers.rowMajor(input, dataType, mgr, ArrayType.ACTIVATIONS);
    }

    @Override
    public INDArray activate(boolean training, LayerWorkspaceMgr mgr) {
        assertInputSet(false);
        applyDropOutIfNecessary(training, mgr);
        INDArray in = contiguousInput(mgr);
        INDArray w = getParamWithNoise(DefaultParamInitializer.WEIGHT_KEY, training, mgr);
        INDArray b = getParamWithNoise(DefaultParamInitializer.BIAS_KEY, training, mgr);
        INDArray z = mgr.createUninitialized(ArrayType.ACTIVATIONS, dataType,
                new long[] {in.size(0), layerConf().getNOut()}, 'c');
        Nd4j.gemm(in, w, z, false, false, 1.0, 0.0);
        z.addiRowVector(b);
        INDArray out = activation().forward(z, training, mgr);
        if (maskArray != null) {
            applyMask(out);
        }
        return out;
    }

    @Override
    public Pair<Gradient, INDArray> backpropGradient(INDArray epsilon, LayerWorkspaceMgr mgr) {
        assertInputSet(true);
        INDArray in = contiguousInput(mgr);
        INDArray eps = NativeLayers.rowMajor(epsilon, dataType, mgr, ArrayType.BP_WORKING_MEM);
        INDArray dz = activation().backward(eps, dataType, mgr, "NativeDense " + layerId());
        if (maskArray != null) {
            applyMask(dz);
        }
        INDArray w = getParamWithNoise(DefaultParamInitializer.WEIGHT_KEY, true, mgr);
        INDArray gradW = gradientViews.get(DefaultParamInitializer.WEIGHT_KEY);
        INDArray gradB = gradientViews.get(DefaultParamInitializer.BIAS_KEY);
        Nd4j.gemm(in, dz, gradW, true, false, 1.0, 0.0);
        dz.sum(gradB, 0);
        INDArray epsNext = mgr.createUninitialized(ArrayType.ACTIVATION_GRAD, dataType, in.shape(), 'c');
        Nd4j.gemm(dz, w, epsNext, false, true, 1.0, 0.0);

        Gradient gradient = new DefaultGradient();
        gradient.gradientForVariable().put(DefaultParamInitializer.BIAS_KEY, gradB);
        gradient.gradientForVariable().put(DefaultParamInitializer.WEIGHT_KEY, gradW);
        weightNoiseParams.clear();
        return new Pair<>(gradient, backpropDropOutIfPresent(epsNext));
    }

    @Override
    public Layer.Type type() {
        return Layer.Type.FEED_FORWARD;
    }

    @Override
    public boolean isPretrainLayer() {
        return false;
    }

    @Override
    public boolean hasBias() {
        return true;
    }

    @Override
    public void clear() {
        super.clear();
        if (activation != null) {
            activation.clear();
        }
    }
}
