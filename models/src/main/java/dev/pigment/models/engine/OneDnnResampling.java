package dev.pigment.models.engine;

import static org.bytedeco.dnnl.global.dnnl.DNNL_ARG_DIFF_DST;
import static org.bytedeco.dnnl.global.dnnl.DNNL_ARG_DIFF_SRC;
import static org.bytedeco.dnnl.global.dnnl.DNNL_ARG_DST;
import static org.bytedeco.dnnl.global.dnnl.DNNL_ARG_SRC;
import static org.bytedeco.dnnl.global.dnnl.dnnl_forward_training;
import static org.bytedeco.dnnl.global.dnnl.dnnl_nchw;
import static org.bytedeco.dnnl.global.dnnl.dnnl_nhwc;
import static org.bytedeco.dnnl.global.dnnl.dnnl_resampling_backward_desc_init;
import static org.bytedeco.dnnl.global.dnnl.dnnl_resampling_forward_desc_init;
import static org.bytedeco.dnnl.global.dnnl.dnnl_resampling_nearest;

import java.util.List;
import org.bytedeco.dnnl.dnnl_memory;
import org.bytedeco.dnnl.dnnl_memory_desc_t;
import org.bytedeco.dnnl.dnnl_primitive_desc;
import org.bytedeco.dnnl.dnnl_resampling_desc_t;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * One nearest-neighbour 2D upsampling by whole factors, as oneDNN primitives for one {@link Geometry}: the forward
 * pass (output pixel {@code (y, x)} is input pixel {@code (y / sH, x / sW)}) and the backward pass (each input
 * gradient is the sum of its {@code sH × sW} output gradients). Arrays are read and written in place, in the layer's
 * NHWC or NCHW layout.
 */
final class OneDnnResampling extends OneDnnPrimitives {

    /**
     * The shape of one upsampling call.
     *
     * @param n images
     * @param c channels
     * @param inH input height
     * @param inW input width
     * @param sH vertical factor, at least 1
     * @param sW horizontal factor, at least 1
     * @param nhwc channels last (else NCHW)
     */
    record Geometry(long n, long c, long inH, long inW, int sH, int sW, boolean nhwc) {
        Geometry {
            if (sH < 1 || sW < 1) {
                throw new IllegalArgumentException("upsampling factors must be at least 1: " + sH + "x" + sW);
            }
        }

        long inLength() {
            return n * c * inH * inW;
        }

        long outLength() {
            return inLength() * sH * sW;
        }
    }

    private final Geometry g;
    private final dnnl_memory_desc_t src;
    private final dnnl_memory_desc_t dst;
    private final dnnl_primitive_desc forwardPd;
    private final dnnl_memory srcMem;
    private final dnnl_memory dstMem;
    private final Call forward;
    private Call backward;
    private dnnl_memory diffDstMem;
    private dnnl_memory diffSrcMem;

    /**
     * The forward primitive for {@code g}, made now.
     *
     * @throws IllegalStateException if oneDNN refuses it
     */
    OneDnnResampling(OneDnn dnn, Geometry g) {
        super(dnn, "nearest upsampling " + g);
        this.g = g;
        try {
            int layout = g.nhwc() ? dnnl_nhwc : dnnl_nchw;
            src = desc(new long[] {g.n(), g.c(), g.inH(), g.inW()}, layout);
            dst = desc(new long[] {g.n(), g.c(), g.inH() * g.sH(), g.inW() * g.sW()}, layout);
            dnnl_resampling_desc_t op = new dnnl_resampling_desc_t();
            check(dnnl_resampling_forward_desc_init(op, dnnl_forward_training, dnnl_resampling_nearest, factors(),
                    src, dst), "describing the forward upsampling");
            forwardPd = primitiveDesc(op, null);
            srcMem = memory(src);
            dstMem = memory(dst);
            forward = call(forwardPd, List.of(DNNL_ARG_SRC, srcMem, DNNL_ARG_DST, dstMem));
        } catch (RuntimeException e) {
            close();
            throw e;
        }
    }

    private float[] factors() {
        return new float[] {g.sH(), g.sW()};
    }

    /** {@code out} = {@code in} upsampled; both contiguous in the geometry's layout. */
    void forward(INDArray in, INDArray out) {
        require(in, g.inLength(), "input");
        require(out, g.outLength(), "output");
        set(srcMem, in);
        set(dstMem, out);
        run(forward);
        finish(in, out);
    }

    /** The input gradient {@code gradIn} from the output gradient {@code dz}, both contiguous in the layout. */
    void backward(INDArray dz, INDArray gradIn) {
        require(dz, g.outLength(), "output gradient");
        require(gradIn, g.inLength(), "input gradient");
        if (backward == null) {
            dnnl_resampling_desc_t op = new dnnl_resampling_desc_t();
            check(dnnl_resampling_backward_desc_init(op, dnnl_resampling_nearest, factors(), src, dst),
                    "describing the backward upsampling");
            dnnl_primitive_desc pd = primitiveDesc(op, forwardPd);
            diffDstMem = memory(dst);
            diffSrcMem = memory(src);
            backward = call(pd, List.of(DNNL_ARG_DIFF_DST, diffDstMem, DNNL_ARG_DIFF_SRC, diffSrcMem));
        }
        set(diffDstMem, dz);
        set(diffSrcMem, gradIn);
        run(backward);
        finish(dz, gradIn);
    }
}
