package dev.pigment.models.engine;

import static org.bytedeco.dnnl.global.dnnl.DNNL_ARG_DIFF_DST;
import static org.bytedeco.dnnl.global.dnnl.DNNL_ARG_DIFF_SRC;
import static org.bytedeco.dnnl.global.dnnl.DNNL_ARG_DST;
import static org.bytedeco.dnnl.global.dnnl.dnnl_a;
import static org.bytedeco.dnnl.global.dnnl.dnnl_eltwise_backward_desc_init;
import static org.bytedeco.dnnl.global.dnnl.dnnl_eltwise_forward_desc_init;
import static org.bytedeco.dnnl.global.dnnl.dnnl_eltwise_relu_use_dst_for_bwd;
import static org.bytedeco.dnnl.global.dnnl.dnnl_forward_training;

import java.util.List;
import org.bytedeco.dnnl.dnnl_eltwise_desc_t;
import org.bytedeco.dnnl.dnnl_memory;
import org.bytedeco.dnnl.dnnl_memory_desc_t;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * ReLU's backward pass on oneDNN for arrays of one length: the input gradient is the output gradient where the
 * output is positive, zero elsewhere, in one pass over the three arrays (oneDNN's {@code eltwise_relu_use_dst_for_bwd},
 * which reads the output, not the input). The arrays are read as flat float32 vectors, so any layout serves as long
 * as the three share it.
 */
final class OneDnnReluBackward extends OneDnnPrimitives {
    private final long length;
    private final dnnl_memory dstMem;
    private final dnnl_memory diffDstMem;
    private final dnnl_memory diffSrcMem;
    private final Call backward;

    /**
     * The primitive for arrays of {@code length} values, made now.
     *
     * @throws IllegalStateException if oneDNN refuses it
     */
    OneDnnReluBackward(OneDnn dnn, long length) {
        super(dnn, "ReLU backward of " + length + " values");
        this.length = length;
        try {
            dnnl_memory_desc_t flat = desc(new long[] {length}, dnnl_a);
            dnnl_eltwise_desc_t forward = new dnnl_eltwise_desc_t();
            check(dnnl_eltwise_forward_desc_init(forward, dnnl_forward_training, dnnl_eltwise_relu_use_dst_for_bwd,
                    flat, 0f, 0f), "describing the forward ReLU");
            dnnl_eltwise_desc_t op = new dnnl_eltwise_desc_t();
            check(dnnl_eltwise_backward_desc_init(op, dnnl_eltwise_relu_use_dst_for_bwd, flat, flat, 0f, 0f),
                    "describing the backward ReLU");
            var pd = primitiveDesc(op, primitiveDesc(forward, null));
            dstMem = memory(flat);
            diffDstMem = memory(flat);
            diffSrcMem = memory(flat);
            backward = call(pd, List.of(DNNL_ARG_DST, dstMem, DNNL_ARG_DIFF_DST, diffDstMem,
                    DNNL_ARG_DIFF_SRC, diffSrcMem));
        } catch (RuntimeException e) {
            close();
            throw e;
        }
    }

    /**
     * {@code gradIn = gradOut} where {@code out > 0}, else 0; all three contiguous, of this primitive's length, in
     * the same layout.
     */
    void backward(INDArray out, INDArray gradOut, INDArray gradIn) {
        require(out, length, "output");
        require(gradOut, length, "output gradient");
        require(gradIn, length, "input gradient");
        set(dstMem, out);
        set(diffDstMem, gradOut);
        set(diffSrcMem, gradIn);
        run(backward);
        finish(out, gradOut, gradIn);
    }
}
