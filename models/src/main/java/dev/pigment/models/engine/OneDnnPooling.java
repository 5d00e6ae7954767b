package dev.pigment.models.engine;

import static org.bytedeco.dnnl.global.dnnl.DNNL_ARG_DIFF_DST;
import static org.bytedeco.dnnl.global.dnnl.DNNL_ARG_DIFF_SRC;
import static org.bytedeco.dnnl.global.dnnl.DNNL_ARG_DST;
import static org.bytedeco.dnnl.global.dnnl.DNNL_ARG_SRC;
import static org.bytedeco.dnnl.global.dnnl.DNNL_ARG_WORKSPACE;
import static org.bytedeco.dnnl.global.dnnl.dnnl_forward_inference;
import static org.bytedeco.dnnl.global.dnnl.dnnl_forward_training;
import static org.bytedeco.dnnl.global.dnnl.dnnl_nchw;
import static org.bytedeco.dnnl.global.dnnl.dnnl_nhwc;
import static org.bytedeco.dnnl.global.dnnl.dnnl_pooling_backward_desc_init;
import static org.bytedeco.dnnl.global.dnnl.dnnl_pooling_forward_desc_init;
import static org.bytedeco.dnnl.global.dnnl.dnnl_pooling_max;
import static org.bytedeco.dnnl.global.dnnl.dnnl_primitive_desc_query_md;
import static org.bytedeco.dnnl.global.dnnl.dnnl_query_workspace_md;

import java.util.List;
import org.bytedeco.dnnl.dnnl_memory;
import org.bytedeco.dnnl.dnnl_memory_desc_t;
import org.bytedeco.dnnl.dnnl_pooling_desc_t;
import org.bytedeco.dnnl.dnnl_primitive_desc;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * One 2D max pooling's oneDNN primitives for one {@link Geometry}: the forward pass and, for training, the backward
 * pass, which routes each output gradient to the input that was the window's maximum in the last training forward
 * pass (oneDNN keeps those positions in its workspace, so the backward pass reads neither the input nor the
 * output). Arrays are read and written in place, in the layer's NHWC or NCHW layout.
 */
final class OneDnnPooling extends OneDnnPrimitives {

    /**
     * The shape and settings of one pooling call (dilation 1).
     *
     * @param n images
     * @param c channels
     * @param inH input height
     * @param inW input width
     * @param outH output height
     * @param outW output width
     * @param kH window height
     * @param kW window width
     * @param sH vertical stride
     * @param sW horizontal stride
     * @param padTop rows above the input
     * @param padLeft columns left of it
     * @param padBottom rows below it
     * @param padRight columns right of it
     * @param nhwc channels last (else NCHW)
     * @param training whether a backward pass follows (the forward pass then records the maxima's positions)
     */
    record Geometry(long n, long c, long inH, long inW, long outH, long outW, int kH, int kW, int sH, int sW,
                    int padTop, int padLeft, int padBottom, int padRight, boolean nhwc, boolean training) {
        /** Whether oneDNN can run it: padding that is not negative, and the output size it implies. */
        boolean supported() {
            return fits(inH, outH, kH, sH, padTop, padBottom) && fits(inW, outW, kW, sW, padLeft, padRight);
        }
    }

    private final Geometry g;
    private final dnnl_memory_desc_t src;
    private final dnnl_memory_desc_t dst;
    private final dnnl_primitive_desc forwardPd;
    private final dnnl_memory srcMem;
    private final dnnl_memory dstMem;
    private final dnnl_memory workspaceMem;
    private final Call forward;
    private Call backward;
    private dnnl_memory diffDstMem;
    private dnnl_memory diffSrcMem;
    /** Whether a training forward pass has filled the workspace. */
    private boolean recorded;

    /**
     * The forward primitive for {@code g}, made now.
     *
     * @throws IllegalArgumentException if {@code g} is not {@link Geometry#supported()}
     * @throws IllegalStateException if oneDNN refuses it
     */
    OneDnnPooling(OneDnn dnn, Geometry g) {
        super(dnn, "max pooling " + g);
        this.g = g;
        try {
            if (!g.supported()) {
                throw new IllegalArgumentException("oneDNN cannot run this pooling: " + g);
            }
            int layout = g.nhwc() ? dnnl_nhwc : dnnl_nchw;
            src = desc(new long[] {g.n(), g.c(), g.inH(), g.inW()}, layout);
            dst = desc(new long[] {g.n(), g.c(), g.outH(), g.outW()}, layout);
            dnnl_pooling_desc_t op = new dnnl_pooling_desc_t();
            check(dnnl_pooling_forward_desc_init(op, g.training() ? dnnl_forward_training : dnnl_forward_inference,
                    dnnl_pooling_max, src, dst, strides(), kernel(), new long[] {g.padTop(), g.padLeft()},
                    new long[] {g.padBottom(), g.padRight()}), "describing the forward pooling");
            forwardPd = primitiveDesc(op, null);
            srcMem = memory(src);
            dstMem = memory(dst);
            workspaceMem = g.training()
                    ? allocated(dnnl_primitive_desc_query_md(forwardPd, dnnl_query_workspace_md, 0)) : null;
            forward = call(forwardPd, g.training()
                    ? List.of(DNNL_ARG_SRC, srcMem, DNNL_ARG_DST, dstMem, DNNL_ARG_WORKSPACE, workspaceMem)
                    : List.of(DNNL_ARG_SRC, srcMem, DNNL_ARG_DST, dstMem));
        } catch (RuntimeException e) {
            close();
            throw e;
        }
    }

    private long[] strides() {
        return new long[] {g.sH(), g.sW()};
    }

    private long[] kernel() {
        return new long[] {g.kH(), g.kW()};
    }

    /** Whether a training forward pass came before, so that {@link #backward} can run. */
    boolean recorded() {
        return recorded;
    }

    /** {@code out} = the maximum of each window of {@code in}; both contiguous in the geometry's layout. */
    void forward(INDArray in, INDArray out) {
        require(in, g.n() * g.c() * g.inH() * g.inW(), "input");
        require(out, g.n() * g.c() * g.outH() * g.outW(), "output");
        set(srcMem, in);
        set(dstMem, out);
        run(forward);
        finish(in, out);
        recorded = g.training();
    }

    /**
     * The input gradient {@code gradIn} from the output gradient {@code dz}, both contiguous in the geometry's
     * layout, through the maxima of the last training {@link #forward}.
     *
     * @throws IllegalStateException if no training forward pass came before
     */
    void backward(INDArray dz, INDArray gradIn) {
        if (!recorded) {
            throw new IllegalStateException("backward pass without a training forward pass: " + g);
        }
        require(dz, g.n() * g.c() * g.outH() * g.outW(), "output gradient");
        require(gradIn, g.n() * g.c() * g.inH() * g.inW(), "input gradient");
        if (backward == null) {
            dnnl_pooling_desc_t op = new dnnl_pooling_desc_t();
            check(dnnl_pooling_backward_desc_init(op, dnnl_pooling_max, src, dst, strides(), kernel(),
                    new long[] {g.padTop(), g.padLeft()}, new long[] {g.padBottom(), g.padRight()}),
                    "describing the backward pooling");
            dnnl_primitive_desc pd = primitiveDesc(op, forwardPd);
            diffDstMem = memory(dst);
            diffSrcMem = memory(src);
            backward = call(pd, List.of(DNNL_ARG_DIFF_DST, diffDstMem, DNNL_ARG_DIFF_SRC, diffSrcMem,
                    DNNL_ARG_WORKSPACE, workspaceMem));
        }
        set(diffDstMem, dz);
        set(diffSrcMem, gradIn);
        run(backward);
        finish(dz, gradIn);
    }
}
