package dev.pigment.models.engine;

import org.deeplearning4j.nn.conf.CNN2DFormat;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.layers.convolution.upsampling.Upsampling2D;
import org.deeplearning4j.nn.workspace.ArrayType;
import org.deeplearning4j.nn.workspace.LayerWorkspaceMgr;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.indexing.INDArrayIndex;
import org.nd4j.linalg.indexing.NDArrayIndex;

/**
 * The layer of {@link NativeUpsampling2D}: output pixel {@code (y, x)} is input pixel {@code (y / sh, x / sw)}.
 * Seen as {@code [n·h, sh, w, sw·c]} (NHWC) or {@code [n·c·h, sh, w, sw]} (NCHW), the row-major output holds
 * {@code sh × sw} strided copies of the input, one per phase {@code (r, q)}; each is one native assign. Everything
 * else, the backward pass included, is DL4J's layer.
 */
public class NativeUpsampling2DLayer extends Upsampling2D {

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
        long[] shape = nchw ? new long[] {n, c, h * size[0], w * size[1]} : new long[] {n, h * size[0], w * size[1], c};
        INDArray out = workspaceMgr.createUninitialized(ArrayType.ACTIVATIONS, input.dataType(), shape, 'c');
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
}
