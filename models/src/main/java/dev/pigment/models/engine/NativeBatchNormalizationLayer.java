package dev.pigment.models.engine;

import java.util.Arrays;
import org.deeplearning4j.nn.conf.CNN2DFormat;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.gradient.DefaultGradient;
import org.deeplearning4j.nn.gradient.Gradient;
import org.deeplearning4j.nn.layers.normalization.BatchNormalization;
import org.deeplearning4j.nn.params.BatchNormalizationParamInitializer;
import org.deeplearning4j.nn.workspace.ArrayType;
import org.deeplearning4j.nn.workspace.LayerWorkspaceMgr;
import org.nd4j.common.primitives.Pair;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.memory.MemoryWorkspace;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.DynamicCustomOp;
import org.nd4j.linalg.api.ops.impl.broadcast.BroadcastMulOp;
import org.nd4j.linalg.api.ops.impl.scalar.RectifiedLinear;
import org.nd4j.linalg.api.ops.impl.transforms.floating.RSqrt;
import org.nd4j.linalg.api.ops.impl.transforms.pairwise.arithmetic.MulOp;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.ops.transforms.Transforms;

/**
 * The layer behind {@link NativeBatchNormalization}. For channels-last input in float, seen as a matrix
 * {@code X: [m, c]} (m = batch × height × width):
 *
 * <ul>
 *   <li>training forward: {@code Σx} and {@code Σx²} per channel as {@code 1ᵀX} and {@code 1ᵀ(X∘X)} (gemm), the
 *       biased batch variance {@code Σx²/m − μ²}, then {@code y = γ(x − μ)/√(σ² + ε) + β} by libnd4j's
 *       {@code batchnorm} op (oneDNN), then the activation in place;</li>
 *   <li>backward, with {@code s = 1/√(σ² + ε)}: {@code dβ = 1ᵀdy}, {@code dγ = s(1ᵀ(dy∘X) − μ dβ)} and
 *       {@code dx = γs·dy + B·x + C} per channel with {@code B = −γs²dγ/m}, {@code C = −γs·dβ/m − Bμ} (the
 *       full batch-statistics gradient);</li>
 *   <li>running statistics updated as DL4J's layer does, through the "gradient" of the global mean and log-std,
 *       so DL4J's updater, serialisation and distributed training see the same parameters.</li>
 * </ul>
 * On CPU, the training passes run on oneDNN directly instead ({@link OneDnnBatchNormalization}), with a ReLU
 * activation fused in; the running statistics are updated the same way. Other inputs (NCHW, other data types, locked
 * γ/β) use DL4J's implementation, with the activation applied.
 */
public class NativeBatchNormalizationLayer extends BatchNormalization {
    private static final double ONE_ON_2LOGE_10 = 1.0 / (2 * Math.log(10.0));

    private transient FusedActivation activation;
    /** Batch mean and 1/√(σ² + ε) of the last training forward pass, [c], outside any workspace. */
    private transient INDArray batchMean;
    private transient INDArray batchInvStd;
    private transient INDArray batchVar;
    /** The oneDNN primitives of the last training forward pass, or null where it ran without them. */
    private transient OneDnnBatchNormalization direct;
    /** oneDNN's primitives for the shapes met last; made on first use. */
    private transient OneDnnPrimitives.Cache<OneDnnBatchNormalization.Shape, OneDnnBatchNormalization> oneDnn;

    /** A layer for {@code conf} with parameters in {@code dataType}; {@link NativeBatchNormalization} creates it. */
    public NativeBatchNormalizationLayer(NeuralNetConfiguration conf, DataType dataType) {
        super(conf, dataType);
    }

    private FusedActivation activation() {
        if (activation == null) {
            activation = new FusedActivation(layerConf().getActivationFn());
        }
        return activation;
    }

    /** Whether {@code x} takes the native path: channels last, float, trainable γ and β. */
    private boolean nativePath(INDArray x) {
        var c = layerConf();
        boolean channelsLast = x.rank() == 2 || (x.rank() == 4 && c.getCnn2DFormat() == CNN2DFormat.NHWC);
        return channelsLast && x.dataType() == DataType.FLOAT && dataType == DataType.FLOAT && !c.isLockGammaBeta();
    }

    /**
     * Normalises the input, with the batch statistics in training and the running ones otherwise, then applies the
     * activation; natively on the channels-last float path, otherwise through DL4J's implementation.
     */
    @Override
    public INDArray activate(boolean training, LayerWorkspaceMgr mgr) {
        assertInputSet(false);
        applyDropOutIfNecessary(training, mgr);
        direct = null;
        if (!training) {
            // backprop needs a training forward pass on the same input; an inference pass ends the last one
            batchMean = null;
            batchInvStd = null;
            batchVar = null;
        }
        if (!nativePath(input)) {
            INDArray z = super.activate(training, mgr);
            if (training) {
                z = mgr.dup(ArrayType.ACTIVATIONS, z);
            }
            return activation().forward(z, training, mgr);
        }
        INDArray x = NativeLayers.rowMajor(input, dataType, mgr, ArrayType.ACTIVATIONS);
        long c = x.size(x.rank() - 1);
        long m = x.length() / c;
        INDArray x2 = x.reshape(m, c);
        INDArray mean;
        INDArray var;
        double eps = layerConf().getEps();
        if (training && OneDnn.get().isPresent()) {
            INDArray z = directForward(x, m, c, mgr);
            if (z != null) {
                return z;
            }
        }
        if (training) {
            INDArray ones = mgr.createUninitialized(ArrayType.FF_WORKING_MEM, dataType, new long[] {1, m}, 'c')
                    .assign(1.0);
            INDArray squares = mgr.createUninitialized(ArrayType.FF_WORKING_MEM, dataType, x2.shape(), 'c');
            Nd4j.exec(new MulOp(x2, x2, squares));
            try (MemoryWorkspace ignored = Nd4j.getMemoryManager().scopeOutOfWorkspaces()) {
                INDArray sums = Nd4j.create(dataType, 2, c);
                Nd4j.gemm(ones, x2, sums.getRow(0).reshape(1, c), false, false, 1.0 / m, 0.0);
                Nd4j.gemm(ones, squares, sums.getRow(1).reshape(1, c), false, false, 1.0 / m, 0.0);
                batchMean = sums.getRow(0).dup();
                batchVar = sums.getRow(1).sub(batchMean.mul(batchMean));
                Nd4j.exec(new RectifiedLinear(batchVar, batchVar, 0.0));
                batchInvStd = batchVar.add(eps);
                Nd4j.exec(new RSqrt(batchInvStd, batchInvStd));
            }
            mean = batchMean;
            var = batchVar;
        } else {
            mean = getParam(BatchNormalizationParamInitializer.GLOBAL_MEAN).reshape(c);
            var = globalVariance().reshape(c);
        }
        INDArray gamma = getParam(BatchNormalizationParamInitializer.GAMMA).reshape(c);
        INDArray beta = getParam(BatchNormalizationParamInitializer.BETA).reshape(c);
        INDArray z = mgr.createUninitialized(ArrayType.ACTIVATIONS, dataType, x.shape(), 'c');
        affine(x2, mean, var, gamma, beta, eps, z.reshape(m, c));
        return activation().forward(z, training, mgr);
    }

    /**
     * The training forward pass on oneDNN, the ReLU fused in where it is the activation; null where oneDNN refused
     * the shape.
     */
    private INDArray directForward(INDArray x, long m, long c, LayerWorkspaceMgr mgr) {
        boolean relu = activation().isRelu();
        if (oneDnn == null) {
            oneDnn = new OneDnnPrimitives.Cache<>();
        }
        direct = oneDnn.get(new OneDnnBatchNormalization.Shape(m, c, relu, (float) layerConf().getEps()),
                key -> new OneDnnBatchNormalization(OneDnn.get().orElseThrow(), key));
        if (direct == null) {
            return null;
        }
        try (MemoryWorkspace ignored = Nd4j.getMemoryManager().scopeOutOfWorkspaces()) {
            batchMean = Nd4j.create(dataType, c);
            batchVar = Nd4j.create(dataType, c);
        }
        INDArray z = mgr.createUninitialized(ArrayType.ACTIVATIONS, dataType, x.shape(), 'c');
        direct.forward(x, parameter(BatchNormalizationParamInitializer.GAMMA, mgr),
                parameter(BatchNormalizationParamInitializer.BETA, mgr), z, batchMean, batchVar);
        if (relu) {
            activation().clear();
            return z;
        }
        return activation().forward(z, true, mgr);
    }

    /** The parameter {@code key}, contiguous. */
    private INDArray parameter(String key, LayerWorkspaceMgr mgr) {
        return NativeLayers.rowMajor(getParam(key), dataType, mgr, ArrayType.FF_WORKING_MEM);
    }

    /** The training backward pass on oneDNN, after {@link #directForward}. */
    private Pair<Gradient, INDArray> directBackward(INDArray eps, LayerWorkspaceMgr mgr) {
        OneDnnBatchNormalization bn = direct;
        direct = null;
        INDArray dy = bn.shape().relu() ? eps
                : NativeLayers.rowMajor(activation().backward(eps, dataType, mgr, "NativeBatchNormalization "
                        + layerId()), dataType, mgr, ArrayType.BP_WORKING_MEM);
        INDArray x = NativeLayers.rowMajor(input, dataType, mgr, ArrayType.BP_WORKING_MEM);
        long c = bn.shape().c();
        if (!Arrays.equals(x.shape(), dy.shape()) || x.length() != bn.shape().m() * c) {
            throw new IllegalStateException("NativeBatchNormalization " + layerId() + ": backprop of shape "
                    + Arrays.toString(dy.shape()) + " on input " + Arrays.toString(x.shape())
                    + " after a training forward pass on " + bn.shape().m() + " × " + c);
        }
        INDArray dx = mgr.createUninitialized(ArrayType.ACTIVATION_GRAD, dataType, x.shape(), 'c');
        INDArray dGammaView = gradientViews.get(BatchNormalizationParamInitializer.GAMMA);
        INDArray dBetaView = gradientViews.get(BatchNormalizationParamInitializer.BETA);
        INDArray dGamma = Nd4j.create(dataType, c);
        INDArray dBeta = Nd4j.create(dataType, c);
        bn.backward(x, parameter(BatchNormalizationParamInitializer.GAMMA, mgr),
                parameter(BatchNormalizationParamInitializer.BETA, mgr), batchMean, batchVar, dy, dx, dGamma,
                dBeta);
        dGammaView.reshape(c).assign(dGamma);
        dBetaView.reshape(c).assign(dBeta);
        return gradients(dGammaView, dBetaView, c, dx);
    }

    /** The running variance, from the log10 standard deviation or the variance parameter. */
    private INDArray globalVariance() {
        if (layerConf().isUseLogStd()) {
            INDArray log10Std = getParam(BatchNormalizationParamInitializer.GLOBAL_LOG_STD);
            return Transforms.pow(Nd4j.valueArrayOf(log10Std.shape(), 100.0, dataType), log10Std, false);
        }
        return getParam(BatchNormalizationParamInitializer.GLOBAL_VAR);
    }

    /**
     * {@code out = γ(x − mean)/√(var + eps) + β} per column of {@code x: [m, c]}, by libnd4j's batchnorm op on a
     * [m, 1, 1, c] view: as NHWC it runs in oneDNN (0.9 ms for m = 100,352, c = 32); on the 2D array libnd4j's
     * generic code took 20 ms.
     */
    private static void affine(INDArray x, INDArray mean, INDArray var, INDArray gamma, INDArray beta, double eps,
                               INDArray out) {
        long m = x.size(0);
        long c = x.size(1);
        Nd4j.exec(DynamicCustomOp.builder("batchnorm").addInputs(x.reshape(m, 1, 1, c), mean, var, gamma, beta)
                .addOutputs(out.reshape(m, 1, 1, c)).addIntegerArguments(1, 1, 3).addFloatingPointArguments(eps)
                .build());
    }

    /**
     * The gradients of γ and β, the running-statistics updates and the input gradient, as in the class description.
     *
     * @throws IllegalStateException if no training forward pass came before (on DL4J's path, only for activations
     *     other than identity)
     */
    @Override
    public Pair<Gradient, INDArray> backpropGradient(INDArray epsilon, LayerWorkspaceMgr mgr) {
        assertInputSet(true);
        INDArray eps = NativeLayers.rowMajor(epsilon, dataType, mgr, ArrayType.BP_WORKING_MEM);
        if (direct != null) {
            return directBackward(eps, mgr);
        }
        INDArray dy = activation().backward(eps, dataType, mgr, "NativeBatchNormalization " + layerId());
        if (!nativePath(input)) {
            return super.backpropGradient(dy, mgr);
        }
        if (batchMean == null) {
            throw new IllegalStateException("NativeBatchNormalization " + layerId()
                    + ": backprop without a training forward pass");
        }
        INDArray x = NativeLayers.rowMajor(input, dataType, mgr, ArrayType.BP_WORKING_MEM);
        long c = x.size(x.rank() - 1);
        long m = x.length() / c;
        INDArray x2 = x.reshape(m, c);
        INDArray dy2 = dy.reshape(m, c);
        INDArray ones = mgr.createUninitialized(ArrayType.BP_WORKING_MEM, dataType, new long[] {1, m}, 'c')
                .assign(1.0);
        INDArray work = mgr.createUninitialized(ArrayType.BP_WORKING_MEM, dataType, x2.shape(), 'c');
        Nd4j.exec(new MulOp(dy2, x2, work));

        INDArray dGammaView = gradientViews.get(BatchNormalizationParamInitializer.GAMMA);
        INDArray dBetaView = gradientViews.get(BatchNormalizationParamInitializer.BETA);
        INDArray dBeta = dBetaView.reshape(1, c);
        INDArray dGamma = dGammaView.reshape(1, c);
        Nd4j.gemm(ones, dy2, dBeta, false, false, 1.0, 0.0);
        Nd4j.gemm(ones, work, dGamma, false, false, 1.0, 0.0);
        INDArray mu = batchMean.reshape(1, c);
        INDArray s = batchInvStd.reshape(1, c);
        dGamma.subi(mu.mul(dBeta)).muli(s);

        INDArray gamma = getParam(BatchNormalizationParamInitializer.GAMMA).reshape(1, c);
        INDArray a = gamma.mul(s);
        INDArray b = a.mul(s).muli(dGamma).muli(-1.0 / m);
        INDArray cc = a.mul(dBeta).muli(-1.0 / m).subi(b.mul(mu));
        // work = B·x + C, through the batchnorm op with mean 0 and variance 1 − eps
        double bnEps = layerConf().getEps();
        affine(x2, Nd4j.zeros(dataType, c), Nd4j.valueArrayOf(new long[] {c}, 1.0 - bnEps, dataType),
                b.reshape(c), cc.reshape(c), bnEps, work);
        INDArray dx = mgr.createUninitialized(ArrayType.ACTIVATION_GRAD, dataType, x.shape(), 'c');
        INDArray dx2 = dx.reshape(m, c);
        Nd4j.exec(new BroadcastMulOp(dy2, a.reshape(c), dx2, 1));
        dx2.addi(work);

        return gradients(dGammaView, dBetaView, c, dx);
    }

    /**
     * The backward pass's result from the γ and β gradients (already in their views) and the input gradient, with
     * the running statistics' updates; ends the training pass.
     */
    private Pair<Gradient, INDArray> gradients(INDArray dGammaView, INDArray dBetaView, long c, INDArray dx) {
        Gradient gradient = new DefaultGradient();
        gradient.setGradientFor(BatchNormalizationParamInitializer.GAMMA, dGammaView);
        gradient.setGradientFor(BatchNormalizationParamInitializer.BETA, dBetaView);
        runningStatistics(gradient, c);
        batchMean = null;
        batchInvStd = null;
        batchVar = null;
        return new Pair<>(gradient, backpropDropOutIfPresent(dx));
    }

    /**
     * The "gradients" of the running statistics, as DL4J's layer defines them: the updater (a no-op for these
     * parameters) subtracts them, giving {@code mean ← d·mean + (1 − d)·batchMean} and the same for the variance.
     */
    private void runningStatistics(Gradient gradient, long c) {
        var conf = layerConf();
        double decay = conf.getDecay();
        INDArray globalMean = getParam(BatchNormalizationParamInitializer.GLOBAL_MEAN);
        INDArray dMean = gradientViews.get(BatchNormalizationParamInitializer.GLOBAL_MEAN);
        dMean.assign(globalMean.sub(batchMean.reshape(globalMean.shape())).muli(1 - decay));
        gradient.setGradientFor(BatchNormalizationParamInitializer.GLOBAL_MEAN, dMean);
        INDArray bv = batchVar.reshape(1, c);
        if (conf.isUseLogStd()) {
            INDArray dLog = gradientViews.get(BatchNormalizationParamInitializer.GLOBAL_LOG_STD);
            INDArray vari = globalVariance().reshape(1, c);
            INDArray next = vari.mul(decay).addi(bv.mul(1 - decay));
            dLog.reshape(1, c).assign(Transforms.log(vari.div(next), false)
                    .muli(ONE_ON_2LOGE_10));
            gradient.setGradientFor(BatchNormalizationParamInitializer.GLOBAL_LOG_STD, dLog);
        } else {
            INDArray globalVar = getParam(BatchNormalizationParamInitializer.GLOBAL_VAR);
            INDArray dVar = gradientViews.get(BatchNormalizationParamInitializer.GLOBAL_VAR);
            dVar.reshape(1, c).assign(globalVar.reshape(1, c).sub(bv).muli(1 - decay));
            gradient.setGradientFor(BatchNormalizationParamInitializer.GLOBAL_VAR, dVar);
        }
    }

    /** Clears DL4J's state and the arrays the activation kept for backprop. */
    @Override
    public void clear() {
        super.clear();
        direct = null;
        if (activation != null) {
            activation.clear();
        }
    }
}
