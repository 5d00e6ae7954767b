package dev.pigment.models.engine;

import static org.bytedeco.dnnl.global.dnnl.DNNL_ARG_DIFF_DST;
import static org.bytedeco.dnnl.global.dnnl.DNNL_ARG_DIFF_SCALE;
import static org.bytedeco.dnnl.global.dnnl.DNNL_ARG_DIFF_SHIFT;
import static org.bytedeco.dnnl.global.dnnl.DNNL_ARG_DIFF_SRC;
import static org.bytedeco.dnnl.global.dnnl.DNNL_ARG_DST;
import static org.bytedeco.dnnl.global.dnnl.DNNL_ARG_MEAN;
import static org.bytedeco.dnnl.global.dnnl.DNNL_ARG_SCALE;
import static org.bytedeco.dnnl.global.dnnl.DNNL_ARG_SHIFT;
import static org.bytedeco.dnnl.global.dnnl.DNNL_ARG_SRC;
import static org.bytedeco.dnnl.global.dnnl.DNNL_ARG_VARIANCE;
import static org.bytedeco.dnnl.global.dnnl.DNNL_ARG_WORKSPACE;
import static org.bytedeco.dnnl.global.dnnl.dnnl_a;
import static org.bytedeco.dnnl.global.dnnl.dnnl_backward;
import static org.bytedeco.dnnl.global.dnnl.dnnl_batch_normalization_backward_desc_init;
import static org.bytedeco.dnnl.global.dnnl.dnnl_batch_normalization_forward_desc_init;
import static org.bytedeco.dnnl.global.dnnl.dnnl_forward_training;
import static org.bytedeco.dnnl.global.dnnl.dnnl_fuse_norm_relu;
import static org.bytedeco.dnnl.global.dnnl.dnnl_nhwc;
import static org.bytedeco.dnnl.global.dnnl.dnnl_primitive_desc_query_md;
import static org.bytedeco.dnnl.global.dnnl.dnnl_query_workspace_md;
import static org.bytedeco.dnnl.global.dnnl.dnnl_use_scale;
import static org.bytedeco.dnnl.global.dnnl.dnnl_use_shift;

import java.util.ArrayList;
import java.util.List;
import org.bytedeco.dnnl.dnnl_batch_normalization_desc_t;
import org.bytedeco.dnnl.dnnl_memory;
import org.bytedeco.dnnl.dnnl_memory_desc_t;
import org.bytedeco.dnnl.dnnl_primitive_desc;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Batch normalisation in training (Ioffe and Szegedy, 2015) on oneDNN: the forward pass with the batch's statistics
 * and, where {@code relu}, the ReLU after it fused in (oneDNN keeps the mask in its workspace for the backward
 * pass), and the full backward pass: input, γ and β gradients. The data are {@code m} rows of {@code c} channels,
 * channels last (NHWC or a matrix), read and written in place.
 */
final class OneDnnBatchNormalization extends OneDnnPrimitives {
    /**
     * One call's shape.
     *
     * @param m rows: images × height × width
     * @param c channels
     * @param relu whether a ReLU follows the normalisation, fused in
     * @param eps the ε added to the variance
     */
    record Shape(long m, long c, boolean relu, float eps) {
    }

    private final Shape shape;
    private final int flags;
    private final dnnl_memory_desc_t data;
    private final dnnl_memory_desc_t channels;
    private final dnnl_primitive_desc forwardPd;
    private final dnnl_memory srcMem;
    private final dnnl_memory dstMem;
    private final dnnl_memory scaleMem;
    private final dnnl_memory shiftMem;
    private final dnnl_memory meanMem;
    private final dnnl_memory varianceMem;
    private final dnnl_memory workspaceMem;
    private final Call forward;
    private Call backward;
    private dnnl_memory diffDstMem;
    private dnnl_memory diffSrcMem;
    private dnnl_memory diffScaleMem;
    private dnnl_memory diffShiftMem;

    /** The forward primitive for {@code shape}; throws {@link IllegalStateException} if oneDNN refuses it. */
    OneDnnBatchNormalization(OneDnn dnn, Shape shape) {
        super(dnn, "batch normalisation " + shape);
        this.shape = shape;
        try {
            flags = dnnl_use_scale | dnnl_use_shift | (shape.relu() ? dnnl_fuse_norm_relu : 0);
            data = desc(new long[] {shape.m(), shape.c(), 1, 1}, dnnl_nhwc);
            channels = desc(new long[] {shape.c()}, dnnl_a);
            dnnl_batch_normalization_desc_t op = new dnnl_batch_normalization_desc_t();
            check(dnnl_batch_normalization_forward_desc_init(op, dnnl_forward_training, data, shape.eps(), flags),
                    "describing the forward pass");
            forwardPd = primitiveDesc(op, null);
            srcMem = memory(data);
            dstMem = memory(data);
            scaleMem = memory(channels);
            shiftMem = memory(channels);
            meanMem = memory(channels);
            varianceMem = memory(channels);
            workspaceMem = shape.relu() ? allocated(dnnl_primitive_desc_query_md(forwardPd,
                    dnnl_query_workspace_md, 0)) : null;
            List<Object> args = new ArrayList<>(List.of(DNNL_ARG_SRC, srcMem, DNNL_ARG_DST, dstMem, DNNL_ARG_SCALE,
                    scaleMem, DNNL_ARG_SHIFT, shiftMem, DNNL_ARG_MEAN, meanMem, DNNL_ARG_VARIANCE, varianceMem));
            if (shape.relu()) {
                args.addAll(List.of(DNNL_ARG_WORKSPACE, workspaceMem));
            }
            forward = call(forwardPd, args);
        } catch (RuntimeException e) {
            close();
            throw e;
        }
    }

    Shape shape() {
        return shape;
    }

    /**
     * {@code y = γ(x − μ)/√(σ² + ε) + β} (then ReLU, where fused) with the batch's mean μ and biased variance σ²,
     * which it writes to {@code mean} and {@code variance}. All arrays contiguous: {@code x} and {@code y} [m, c],
     * the others [c].
     */
    void forward(INDArray x, INDArray gamma, INDArray beta, INDArray y, INDArray mean, INDArray variance) {
        long elements = shape.m() * shape.c();
        require(x, elements, "input");
        require(y, elements, "output");
        for (INDArray v : new INDArray[] {gamma, beta, mean, variance}) {
            require(v, shape.c(), "a per-channel vector");
        }
        set(srcMem, x);
        set(dstMem, y);
        set(scaleMem, gamma);
        set(shiftMem, beta);
        set(meanMem, mean);
        set(varianceMem, variance);
        run(forward);
        finish(x, gamma, beta, y, mean, variance);
    }

    /**
     * The input, γ and β gradients from the output's gradient {@code dy} (through the fused ReLU, where there is
     * one), after a {@link #forward} on the same {@code x} with the {@code mean} and {@code variance} it wrote.
     */
    void backward(INDArray x, INDArray gamma, INDArray beta, INDArray mean, INDArray variance, INDArray dy, INDArray dx,
                  INDArray dGamma, INDArray dBeta) {
        long elements = shape.m() * shape.c();
        require(x, elements, "input");
        require(dy, elements, "output gradient");
        require(dx, elements, "input gradient");
        for (INDArray v : new INDArray[] {gamma, beta, mean, variance, dGamma, dBeta}) {
            require(v, shape.c(), "a per-channel vector");
        }
        if (backward == null) {
            dnnl_batch_normalization_desc_t op = new dnnl_batch_normalization_desc_t();
            check(dnnl_batch_normalization_backward_desc_init(op, dnnl_backward, data, data, shape.eps(), flags),
                    "describing the backward pass");
            dnnl_primitive_desc pd = primitiveDesc(op, forwardPd);
            diffDstMem = memory(data);
            diffSrcMem = memory(data);
            diffScaleMem = memory(channels);
            diffShiftMem = memory(channels);
            List<Object> args = new ArrayList<>(List.of(DNNL_ARG_SRC, srcMem, DNNL_ARG_MEAN, meanMem,
                    DNNL_ARG_VARIANCE, varianceMem, DNNL_ARG_DIFF_DST, diffDstMem, DNNL_ARG_SCALE, scaleMem,
                    DNNL_ARG_SHIFT, shiftMem, DNNL_ARG_DIFF_SRC, diffSrcMem, DNNL_ARG_DIFF_SCALE, diffScaleMem, DNNL_ARG_DIFF_SHIFT,
                    diffShiftMem));
            if (shape.relu()) {
                args.addAll(List.of(DNNL_ARG_WORKSPACE, workspaceMem));
            }
            backward = call(pd, args);
        }
        set(srcMem, x);
        set(scaleMem, gamma);
        set(shiftMem, beta);
        set(meanMem, mean);
        set(varianceMem, variance);
        set(diffDstMem, dy);
        set(diffSrcMem, dx);
        set(diffScaleMem, dGamma);
        set(diffShiftMem, dBeta);
        run(backward);
        finish(x, gamma, beta, mean, variance, dy, dx, dGamma, dBeta);
    }
}
