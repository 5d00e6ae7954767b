package dev.pigment.models.engine;

import org.deeplearning4j.nn.conf.CNN2DFormat;
import org.deeplearning4j.nn.conf.ConvolutionMode;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.layers.PoolingType;
import org.deeplearning4j.nn.gradient.DefaultGradient;
import org.deeplearning4j.nn.gradient.Gradient;
import org.deeplearning4j.nn.layers.convolution.subsampling.SubsamplingLayer;
import org.deeplearning4j.nn.workspace.ArrayType;
import org.deeplearning4j.nn.workspace.LayerWorkspaceMgr;
import org.deeplearning4j.util.ConvolutionUtils;
import org.nd4j.common.primitives.Pair;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * The layer of {@link NativeSubsampling}: max pooling on oneDNN ({@link OneDnnPooling}, primitives made once per
 * input shape) where it can run there (float32, dilation 1, padding oneDNN can express, the CPU backend with the
 * oneDNN natives; truncate and same modes), otherwise DL4J's layer. The backward pass takes oneDNN's route only right
 * after a training forward pass on it, whose maxima it reuses.
 */
public class NativeSubsamplingLayer extends SubsamplingLayer {
    private OneDnnPrimitives.Cache<OneDnnPooling.Geometry, OneDnnPooling> oneDnn;
    /**
     * The primitives of the last training forward pass, whose maxima the backward pass may reuse; null after an
     * inference pass, a backward pass or {@link #clear()}, so that a backward pass then runs DL4J's, from the input.
     */
    private OneDnnPooling recorded;

    public NativeSubsamplingLayer(NeuralNetConfiguration conf, DataType dataType) {
        super(conf, dataType);
    }

    @Override
    public INDArray activate(boolean training, LayerWorkspaceMgr mgr) {
        assertInputSet(false);
        recorded = null;
        OneDnnPooling direct = null;
        long[] shape = null;
        if (input.rank() == 4 && usable()) {
            shape = outputShape(input);
            direct = oneDnn(input, shape, training);
        }
        if (direct == null) {
            return super.activate(training, mgr);     // DL4J's checks, messages and other pooling types
        }
        INDArray in = NativeLayers.rowMajor(input, dataType, mgr, ArrayType.FF_WORKING_MEM);
        INDArray out = mgr.createUninitialized(ArrayType.ACTIVATIONS, dataType, shape, 'c');
        direct.forward(in, out);
        recorded = training ? direct : null;
        return out;
    }

    @Override
    public Pair<Gradient, INDArray> backpropGradient(INDArray epsilon, LayerWorkspaceMgr mgr) {
        assertInputSet(true);
        OneDnnPooling direct = input.rank() == 4 && epsilon.rank() == 4 && usable()
                ? oneDnn(input, epsilon.shape(), true) : null;
        OneDnnPooling last = recorded;
        recorded = null;
        if (direct == null || direct != last || !direct.recorded()) {
            return super.backpropGradient(epsilon, mgr);
        }
        INDArray dz = NativeLayers.rowMajor(epsilon, dataType, mgr, ArrayType.BP_WORKING_MEM);
        INDArray gradIn = mgr.createUninitialized(ArrayType.ACTIVATION_GRAD, dataType, input.shape(), 'c');
        try {
            direct.backward(dz, gradIn);
        } catch (IllegalStateException refused) {   // oneDNN refused the backward primitive: DL4J's, from the input
            return super.backpropGradient(epsilon, mgr);
        }
        return new Pair<>(new DefaultGradient(), gradIn);
    }

    @Override
    public void clear() {
        super.clear();
        recorded = null;
    }

    /** The shapes whose oneDNN primitives this layer keeps now; for tests. */
    int oneDnnShapes() {
        return oneDnn == null ? 0 : oneDnn.size();
    }

    private boolean nhwc() {
        return layerConf().getCnn2dDataFormat() == CNN2DFormat.NHWC;
    }

    /** The output shape for {@code in} as DL4J computes it (which also checks the input against the window). */
    private long[] outputShape(INDArray in) {
        var c = layerConf();
        boolean same = convolutionMode == ConvolutionMode.Same;
        int[] hw = ConvolutionUtils.getOutputSize(in, c.getKernelSize(), c.getStride(), same ? null : c.getPadding(),
                convolutionMode, c.getDilation(), c.getCnn2dDataFormat());
        long n = in.size(0);
        long ch = in.size(nhwc() ? 3 : 1);
        return nhwc() ? new long[] {n, hw[0], hw[1], ch} : new long[] {n, ch, hw[0], hw[1]};
    }

    /** Whether this layer's settings let oneDNN run it: float32 max pooling without dilation, natives loaded. */
    private boolean usable() {
        var c = layerConf();
        int[] d = c.getDilation();
        return dataType == DataType.FLOAT && c.getPoolingType() == PoolingType.MAX && d[0] == 1 && d[1] == 1
                && convolutionMode != ConvolutionMode.Causal && convolutionMode != ConvolutionMode.Strict
                && OneDnn.get().isPresent();
    }

    /**
     * The oneDNN pooling from input {@code in} to an output (or output gradient) of shape {@code out}, made on first
     * use of their shapes; null where this layer runs DL4J's instead (padding oneDNN cannot express).
     */
    private OneDnnPooling oneDnn(INDArray in, long[] out, boolean training) {
        var c = layerConf();
        boolean nhwc = nhwc();
        long iH = in.size(nhwc ? 1 : 2);
        long iW = in.size(nhwc ? 2 : 3);
        long oH = out[nhwc ? 1 : 2];
        long oW = out[nhwc ? 2 : 3];
        int[] k = c.getKernelSize();
        int[] s = c.getStride();
        boolean same = convolutionMode == ConvolutionMode.Same;
        int[] padH = OneDnnPrimitives.padding(same, c.getPadding()[0], iH, oH, k[0], s[0]);
        int[] padW = OneDnnPrimitives.padding(same, c.getPadding()[1], iW, oW, k[1], s[1]);
        long channels = in.size(nhwc ? 3 : 1);
        if (padH == null || padW == null || out[0] != in.size(0) || out[nhwc ? 3 : 1] != channels) {
            return null;
        }
        var g = new OneDnnPooling.Geometry(in.size(0), channels, iH, iW, oH, oW, k[0], k[1], s[0], s[1], padH[0],
                padW[0], padH[1], padW[1], nhwc, training);
        if (oneDnn == null) {
            oneDnn = new OneDnnPrimitives.Cache<>();
        }
        return oneDnn.get(g, key -> new OneDnnPooling(OneDnn.get().orElseThrow(), key));
    }
}
