package dev.pigment.models.engine;

import org.deeplearning4j.nn.conf.CNN2DFormat;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.gradient.DefaultGradient;
import org.deeplearning4j.nn.gradient.Gradient;
import org.deeplearning4j.nn.layers.convolution.upsampling.Upsampling2D;
import org.deeplearning4j.nn.workspace.ArrayType;
import org.deeplearning4j.nn.workspace.LayerWorkspaceMgr;
import org.nd4j.common.primitives.Pair;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.indexing.INDArrayIndex;
import org.nd4j.linalg.indexing.NDArrayIndex;

/**
 * The layer of {@link NativeUpsampling2D}: output pixel {@code (y, x)} is input pixel {@code (y / sh, x / sw)}. In
 * float32 with oneDNN's natives both passes run on oneDNN's nearest resampling ({@link OneDnnResampling}, primitives
 * made once per input shape). Otherwise the forward pass writes the output as {@code sh × sw} strided copies of the
 * input (seen as {@code [n·h, sh, w, sw·c]} in NHWC or {@code [n·c·h, sh, w, sw]} in NCHW, the row-major output holds
 * one copy per phase {@code (r, q)}; each is one native assign) and the backward pass is DL4J's.
 */
public class NativeUpsampling2DLayer extends Upsampling2D {
    private OneDnnPrimitives.Cache<OneDnnResampling.Geometry, OneDnnResampling> oneDnn;

    public NativeUpsampling2DLayer(NeuralNetConfiguration conf, DataType dataType) {
        super(conf, dataType);
    }

    @Override
    protected INDArray preOutput(boolean training, boolean forBackprop, LayerWorkspaceMgr workspaceMgr) {
        if (input == null || input.rank() != 4 || (preOutput != null && forBackprop)) {
            return super.preOutput(training, forBackprop, workspaceMgr);   // DL4J's checks and cache
        }
        applyDropOutIfNecessary(training, workspaceMgr);
        boolean nchw = getFormat() == CNN2DFormat.NCHW;
        int[] size = getSize();
        long n = input.size(0);
        long c = input.size(nchw ? 1 : 3);
        long h = input.size(nchw ? 2 : 1);
        long w = input.size(nchw ? 3 : 2);
        INDArray out = workspaceMgr.createUninitialized(ArrayType.ACTIVATIONS, input.dataType(), upsampledShape(input),
                'c');
        OneDnnResampling direct = oneDnn(input);
        if (direct != null) {
            direct.forward(NativeLayers.rowMajor(input, DataType.FLOAT, workspaceMgr, ArrayType.FF_WORKING_MEM), out);
            return out;
        }
        INDArray from = nchw ? input.reshape('c', n * c * h, w) : input.reshape('c', n * h, w, c);
        INDArray phases = nchw ? out.reshape('c', n * c * h, size[0], w, size[1])
                : out.reshape('c', n * h, size[0], w, size[1] * c);
        for (int r = 0; r < size[0]; r++) {
            for (int q = 0; q < size[1]; q++) {
                INDArrayIndex inner = nchw ? NDArrayIndex.point(q) : NDArrayIndex.interval(q * c, (q + 1) * c);
                phases.get(NDArrayIndex.all(), NDArrayIndex.point(r), NDArrayIndex.all(), inner).assign(from);
            }
        }
        return out;
    }

    @Override
    public Pair<Gradient, INDArray> backpropGradient(INDArray epsilon, LayerWorkspaceMgr workspaceMgr) {
        assertInputSet(true);
        OneDnnResampling direct = epsilon.rank() == 4 ? oneDnn(input) : null;
        if (direct == null || epsilon.dataType() != DataType.FLOAT
                || !java.util.Arrays.equals(epsilon.shape(), upsampledShape(input))) {
            return super.backpropGradient(epsilon, workspaceMgr);   // DL4J's, with its checks
        }
        INDArray dz = NativeLayers.rowMajor(epsilon, DataType.FLOAT, workspaceMgr, ArrayType.BP_WORKING_MEM);
        INDArray gradIn = workspaceMgr.createUninitialized(ArrayType.ACTIVATION_GRAD, DataType.FLOAT, input.shape(),
                'c');
        try {
            direct.backward(dz, gradIn);
        } catch (IllegalStateException refused) {   // oneDNN refused the backward primitive: DL4J's
            return super.backpropGradient(epsilon, workspaceMgr);
        }
        return new Pair<>(new DefaultGradient(), backpropDropOutIfPresent(gradIn));
    }

    /** The output shape for a rank-4 input {@code in}, in the layer's layout. */
    private long[] upsampledShape(INDArray in) {
        boolean nchw = getFormat() == CNN2DFormat.NCHW;
        int[] size = getSize();
        long[] s = in.shape().clone();
        s[nchw ? 2 : 1] *= size[0];
        s[nchw ? 3 : 2] *= size[1];
        return s;
    }

    /** The shapes whose oneDNN primitives this layer keeps now; for tests. */
    int oneDnnShapes() {
        return oneDnn == null ? 0 : oneDnn.size();
    }

    /**
     * The oneDNN upsampling of {@code in}, made on first use of its shape; null where this layer runs the other
     * route (not float32, not rank 4, no oneDNN natives, or oneDNN refused the shape).
     */
    private OneDnnResampling oneDnn(INDArray in) {
        if (in.rank() != 4 || in.dataType() != DataType.FLOAT || OneDnn.get().isEmpty()) {
            return null;
        }
        boolean nhwc = getFormat() == CNN2DFormat.NHWC;
        int[] size = getSize();
        var g = new OneDnnResampling.Geometry(in.size(0), in.size(nhwc ? 3 : 1), in.size(nhwc ? 1 : 2),
                in.size(nhwc ? 2 : 3), size[0], size[1], nhwc);
        if (oneDnn == null) {
            oneDnn = new OneDnnPrimitives.Cache<>();
        }
        return oneDnn.get(g, key -> new OneDnnResampling(OneDnn.get().orElseThrow(), key));
    }
}
