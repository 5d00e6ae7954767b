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

    /** A layer for {@code conf} with parameters in {@code dataType}; {@link NativeDense} creates it. */
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

    /**
     * {@code in·W} by one {@code gemm}, plus {@code b}, then the activation in place and the mask, if any.
     *
     * @throws DL4JInvalidInputException if the input is not of shape [n, nIn]
     */
    @Override
    public INDArray activate(boolean training, LayerWorkspaceMgr mgr) {
        assertInputSet(false);
        applyDropOutIfNecessary(training, mgr);
        INDArray in = contiguousInput(mgr);
        INDArray w = getParamWithNoise(DefaultParamInitializer.WEIGHT_KEY, training, mgr);
        INDArray b = getParamWithNoise(DefaultParamInitializer.BIAS_KEY, training, mgr);
        INDArray z = mgr.createUninitialized(ArrayType.ACTIVATIONS, dataType,
                new long[] {in.size(0), layerConf().getNOut()}, 'c');
        gemm(in, false, w, false, z);
        z.addiRowVector(b);
        INDArray out = activation().forward(z, training, mgr);
        if (maskArray != null) {
            applyMask(out);
        }
        return out;
    }

    /**
     * With {@code dz} the (masked) gradient of the pre-activation: {@code dW = inᵀ·dz} and {@code ε = dz·Wᵀ} by
     * {@code gemm}, {@code db} the column sums of {@code dz}, written into DL4J's gradient views.
     *
     * @throws IllegalStateException if no training forward pass came before (for activations other than identity)
     */
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
        gemm(in, true, dz, false, gradW);
        dz.sum(gradB, 0);
        INDArray epsNext = mgr.createUninitialized(ArrayType.ACTIVATION_GRAD, dataType, in.shape(), 'c');
        gemm(dz, false, w, true, epsNext);

        Gradient gradient = new DefaultGradient();
        gradient.gradientForVariable().put(DefaultParamInitializer.BIAS_KEY, gradB);
        gradient.gradientForVariable().put(DefaultParamInitializer.WEIGHT_KEY, gradW);
        weightNoiseParams.clear();
        return new Pair<>(gradient, backpropDropOutIfPresent(epsNext));
    }

    /** {@code c = op(a)·op(b)}: on oneDNN's {@code sgemm} where it can run it, else ND4J's {@code gemm}. */
    private static void gemm(INDArray a, boolean transA, INDArray b, boolean transB, INDArray c) {
        if (!OneDnn.sgemm(a, transA, b, transB, c)) {
            Nd4j.gemm(a, b, c, transA, transB, 1.0, 0.0);
        }
    }

    /** {@link Layer.Type#FEED_FORWARD}. */
    @Override
    public Layer.Type type() {
        return Layer.Type.FEED_FORWARD;
    }

    /** False: the layer has no unsupervised pretraining. */
    @Override
    public boolean isPretrainLayer() {
        return false;
    }

    /** True: the layer always has a bias. */
    @Override
    public boolean hasBias() {
        return true;
    }

    /** Clears DL4J's state and the arrays the activation kept for backprop. */
    @Override
    public void clear() {
        super.clear();
        if (activation != null) {
            activation.clear();
        }
    }
}
