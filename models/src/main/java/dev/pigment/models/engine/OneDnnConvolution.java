package dev.pigment.models.engine;

import static org.bytedeco.dnnl.global.dnnl.DNNL_ARG_BIAS;
import static org.bytedeco.dnnl.global.dnnl.DNNL_ARG_DIFF_BIAS;
import static org.bytedeco.dnnl.global.dnnl.DNNL_ARG_DIFF_DST;
import static org.bytedeco.dnnl.global.dnnl.DNNL_ARG_DIFF_SRC;
import static org.bytedeco.dnnl.global.dnnl.DNNL_ARG_DIFF_WEIGHTS;
import static org.bytedeco.dnnl.global.dnnl.DNNL_ARG_DST;
import static org.bytedeco.dnnl.global.dnnl.DNNL_ARG_SRC;
import static org.bytedeco.dnnl.global.dnnl.DNNL_ARG_WEIGHTS;
import static org.bytedeco.dnnl.global.dnnl.dnnl_a;
import static org.bytedeco.dnnl.global.dnnl.dnnl_convolution_backward_data_desc_init;
import static org.bytedeco.dnnl.global.dnnl.dnnl_convolution_backward_weights_desc_init;
import static org.bytedeco.dnnl.global.dnnl.dnnl_convolution_direct;
import static org.bytedeco.dnnl.global.dnnl.dnnl_convolution_forward_desc_init;
import static org.bytedeco.dnnl.global.dnnl.dnnl_format_tag_any;
import static org.bytedeco.dnnl.global.dnnl.dnnl_forward_inference;
import static org.bytedeco.dnnl.global.dnnl.dnnl_forward_training;
import static org.bytedeco.dnnl.global.dnnl.dnnl_memory_desc_equal;
import static org.bytedeco.dnnl.global.dnnl.dnnl_nchw;
import static org.bytedeco.dnnl.global.dnnl.dnnl_nhwc;
import static org.bytedeco.dnnl.global.dnnl.dnnl_oihw;
import static org.bytedeco.dnnl.global.dnnl.dnnl_primitive_desc_query_md;
import static org.bytedeco.dnnl.global.dnnl.dnnl_query_diff_weights_md;
import static org.bytedeco.dnnl.global.dnnl.dnnl_query_weights_md;

import java.util.ArrayList;
import java.util.List;
import org.bytedeco.dnnl.dnnl_convolution_desc_t;
import org.bytedeco.dnnl.dnnl_memory;
import org.bytedeco.dnnl.dnnl_memory_desc_t;
import org.bytedeco.dnnl.dnnl_primitive_desc;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * One 2D convolution's oneDNN primitives for one {@link Geometry}: the forward pass, and on first use the backward
 * passes for the input gradient and for the weight and bias gradients, each with the reorders between DL4J's
 * {@code [oC, iC, kH, kW]} weights and the layout the primitive chose. Activations and their gradients are read and
 * written in place, in the layer's NHWC or NCHW layout. The direct algorithm throughout (oneDNN's Winograd backward
 * pass ran 2–30 times slower on the colorizer's shapes: {@link NativeConvolutionLayer#chunkedBackward}).
 */
final class OneDnnConvolution extends OneDnnPrimitives {

    /**
     * The shape and settings of one convolution call (dilation 1).
     *
     * @param n images
     * @param inC input channels
     * @param inH input height
     * @param inW input width
     * @param outC output channels
     * @param outH output height
     * @param outW output width
     * @param kH kernel height
     * @param kW kernel width
     * @param sH vertical stride
     * @param sW horizontal stride
     * @param padTop zero rows above the input
     * @param padLeft zero columns left of it
     * @param padBottom zero rows below it
     * @param padRight zero columns right of it
     * @param nhwc channels last (else NCHW)
     * @param bias whether there is a bias
     * @param training whether backward passes follow (forward-training primitives) or not (forward-inference)
     */
    record Geometry(long n, long inC, long inH, long inW, long outC, long outH, long outW, int kH, int kW, int sH,
                    int sW, int padTop, int padLeft, int padBottom, int padRight, boolean nhwc, boolean bias,
                    boolean training) {
        /** Whether oneDNN can run it: padding that is not negative, and the output size it implies. */
        boolean supported() {
            return fits(inH, outH, kH, sH, padTop, padBottom) && fits(inW, outW, kW, sW, padLeft, padRight);
        }
    }

    private final Geometry g;
    private final dnnl_memory_desc_t src;
    private final dnnl_memory_desc_t dst;
    private final dnnl_memory_desc_t userWeights;
    private final dnnl_memory_desc_t weightsAny;
    private final dnnl_memory_desc_t biasDesc;
    private final long[] strides;
    private final long[] padL;
    private final long[] padR;

    // the memories whose data handles are set in each call
    private final dnnl_memory srcMem;
    private final dnnl_memory dstMem;
    private final dnnl_memory userWeightsMem;
    private final dnnl_memory biasMem;

    private final dnnl_primitive_desc forwardPd;
    private final Step forward;
    private Step backwardData;
    private Step backwardWeights;
    private dnnl_memory diffDstMem;
    private dnnl_memory diffSrcMem;
    private dnnl_memory userDiffWeightsMem;
    private dnnl_memory diffBiasMem;

    /** A primitive and the weights reorder that comes before or after it (null where the layouts agree). */
    private record Step(Call call, Call reorder) {
    }

    /**
     * The forward primitive for {@code g}, made now.
     *
     * @throws IllegalArgumentException if {@code g} is not {@link Geometry#supported()}
     * @throws IllegalStateException if oneDNN refuses it
     */
    OneDnnConvolution(OneDnn dnn, Geometry g) {
        super(dnn, "convolution " + g);
        this.g = g;
        try {
            if (!g.supported()) {
                throw new IllegalArgumentException("oneDNN cannot run this convolution: " + g);
            }
            int activations = g.nhwc() ? dnnl_nhwc : dnnl_nchw;
            src = desc(new long[] {g.n(), g.inC(), g.inH(), g.inW()}, activations);
            dst = desc(new long[] {g.n(), g.outC(), g.outH(), g.outW()}, activations);
            long[] w = {g.outC(), g.inC(), g.kH(), g.kW()};
            userWeights = desc(w, dnnl_oihw);
            weightsAny = desc(w, dnnl_format_tag_any);
            biasDesc = g.bias() ? desc(new long[] {g.outC()}, dnnl_a) : null;
            strides = new long[] {g.sH(), g.sW()};
            padL = new long[] {g.padTop(), g.padLeft()};
            padR = new long[] {g.padBottom(), g.padRight()};

            dnnl_convolution_desc_t op = new dnnl_convolution_desc_t();
            check(dnnl_convolution_forward_desc_init(op, g.training() ? dnnl_forward_training
                    : dnnl_forward_inference, dnnl_convolution_direct, src, weightsAny, biasDesc, dst, strides, padL,
                    padR), "describing the forward convolution");
            forwardPd = primitiveDesc(op, null);
            srcMem = memory(src);
            dstMem = memory(dst);
            userWeightsMem = memory(userWeights);
            biasMem = g.bias() ? memory(biasDesc) : null;
            dnnl_memory weights = weightsFor(forwardPd, dnnl_query_weights_md, userWeightsMem);
            List<Object> args = new ArrayList<>(List.of(DNNL_ARG_SRC, srcMem, DNNL_ARG_WEIGHTS, weights,
                    DNNL_ARG_DST, dstMem));
            if (g.bias()) {
                args.addAll(List.of(DNNL_ARG_BIAS, biasMem));
            }
            forward = new Step(call(forwardPd, args), weights == userWeightsMem ? null
                    : reorder(userWeightsMem, weights));
        } catch (RuntimeException e) {
            close();
            throw e;
        }
    }

    /**
     * {@code out = conv(in, w) + b}.
     *
     * @param in the input, contiguous in the geometry's layout
     * @param w the weights, contiguous {@code [oC, iC, kH, kW]}
     * @param b the bias ({@code oC} values, contiguous), or null where the geometry has none
     * @param out the output, contiguous in the geometry's layout
     */
    void forward(INDArray in, INDArray w, INDArray b, INDArray out) {
        checkShapes(in, w, b, out, "output");
        set(srcMem, in);
        set(userWeightsMem, w);
        set(dstMem, out);
        if (g.bias()) {
            set(biasMem, b);
        }
        if (forward.reorder() != null) {
            run(forward.reorder());
        }
        run(forward.call());
        finish(in, w, b, out);
    }

    /**
     * The gradients with respect to the input (where {@code gradIn} is not null), the weights and the bias (where
     * the geometry has one), from the output's gradient {@code dz}. Arrays as in {@link #forward}; {@code gradW} as
     * {@code w}, {@code gradB} as {@code b}.
     *
     * @throws IllegalStateException if the geometry is not for training
     */
    void backward(INDArray in, INDArray w, INDArray dz, INDArray gradIn, INDArray gradW, INDArray gradB) {
        if (!g.training()) {
            throw new IllegalStateException("backward pass through inference primitives: " + g);
        }
        checkShapes(in, w, g.bias() ? gradB : null, dz, "output gradient");
        require(gradW, w.length(), "weight gradient");
        if (gradIn != null) {
            require(gradIn, in.length(), "input gradient");
        }
        if (backwardWeights == null) {
            makeBackward();
        }
        set(diffDstMem, dz);
        if (gradIn != null) {
            set(userWeightsMem, w);
            set(diffSrcMem, gradIn);
            if (backwardData.reorder() != null) {
                run(backwardData.reorder());
            }
            run(backwardData.call());
        }
        set(srcMem, in);
        set(userDiffWeightsMem, gradW);
        if (g.bias()) {
            set(diffBiasMem, gradB);
        }
        run(backwardWeights.call());
        if (backwardWeights.reorder() != null) {
            run(backwardWeights.reorder());
        }
        finish(in, w, dz, gradIn, gradW, gradB);
    }

    /** Throws {@link IllegalArgumentException} unless the arrays have the geometry's sizes. */
    private void checkShapes(INDArray in, INDArray w, INDArray b, INDArray out, String outName) {
        require(in, g.n() * g.inC() * g.inH() * g.inW(), "input");
        require(w, g.outC() * g.inC() * g.kH() * g.kW(), "weights");
        if (g.bias()) {
            require(b, g.outC(), "bias");
        }
        require(out, g.n() * g.outC() * g.outH() * g.outW(), outName);
    }

    private void makeBackward() {
        diffDstMem = memory(dst);
        diffSrcMem = memory(src);
        userDiffWeightsMem = memory(userWeights);
        diffBiasMem = g.bias() ? memory(biasDesc) : null;

        dnnl_convolution_desc_t data = new dnnl_convolution_desc_t();
        check(dnnl_convolution_backward_data_desc_init(data, dnnl_convolution_direct, src, weightsAny, dst,
                strides, padL, padR), "describing the input gradient");
        dnnl_primitive_desc dataPd = primitiveDesc(data, forwardPd);
        dnnl_memory dataWeights = weightsFor(dataPd, dnnl_query_weights_md, userWeightsMem);
        backwardData = new Step(call(dataPd, List.of(DNNL_ARG_DIFF_DST, diffDstMem, DNNL_ARG_WEIGHTS, dataWeights,
                DNNL_ARG_DIFF_SRC, diffSrcMem)), dataWeights == userWeightsMem ? null
                : reorder(userWeightsMem, dataWeights));

        dnnl_convolution_desc_t weights = new dnnl_convolution_desc_t();
        check(dnnl_convolution_backward_weights_desc_init(weights, dnnl_convolution_direct, src, weightsAny,
                biasDesc, dst, strides, padL, padR), "describing the weight gradient");
        dnnl_primitive_desc weightsPd = primitiveDesc(weights, forwardPd);
        dnnl_memory diffWeights = weightsFor(weightsPd, dnnl_query_diff_weights_md, userDiffWeightsMem);
        List<Object> args = new ArrayList<>(List.of(DNNL_ARG_SRC, srcMem, DNNL_ARG_DIFF_DST, diffDstMem,
                DNNL_ARG_DIFF_WEIGHTS, diffWeights));
        if (g.bias()) {
            args.addAll(List.of(DNNL_ARG_DIFF_BIAS, diffBiasMem));
        }
        // the weight gradient is reordered after the primitive, from its layout into DL4J's
        backwardWeights = new Step(call(weightsPd, args), diffWeights == userDiffWeightsMem ? null
                : reorder(diffWeights, userDiffWeightsMem));
    }

    /**
     * The memory the primitive of {@code pd} takes as its weights or their gradient ({@code query}): {@code user},
     * the {@code [oC, iC, kH, kW]} memory, where the layouts agree, else one oneDNN allocates, to reorder to or from.
     */
    private dnnl_memory weightsFor(dnnl_primitive_desc pd, int query, dnnl_memory user) {
        dnnl_memory_desc_t chosen = dnnl_primitive_desc_query_md(pd, query, 0);
        return dnnl_memory_desc_equal(chosen, userWeights) != 0 ? user : allocated(chosen);
    }
}
