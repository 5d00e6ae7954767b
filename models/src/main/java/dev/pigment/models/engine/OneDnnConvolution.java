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
import static org.bytedeco.dnnl.global.dnnl.dnnl_bf16;
import static org.bytedeco.dnnl.global.dnnl.dnnl_convolution_backward_data_desc_init;
import static org.bytedeco.dnnl.global.dnnl.dnnl_convolution_backward_weights_desc_init;
import static org.bytedeco.dnnl.global.dnnl.dnnl_convolution_direct;
import static org.bytedeco.dnnl.global.dnnl.dnnl_convolution_forward_desc_init;
import static org.bytedeco.dnnl.global.dnnl.dnnl_eltwise_relu;
import static org.bytedeco.dnnl.global.dnnl.dnnl_format_tag_any;
import static org.bytedeco.dnnl.global.dnnl.dnnl_forward_inference;
import static org.bytedeco.dnnl.global.dnnl.dnnl_forward_training;
import static org.bytedeco.dnnl.global.dnnl.dnnl_memory_desc_equal;
import static org.bytedeco.dnnl.global.dnnl.dnnl_memory_desc_get_size;
import static org.bytedeco.dnnl.global.dnnl.dnnl_nchw;
import static org.bytedeco.dnnl.global.dnnl.dnnl_nhwc;
import static org.bytedeco.dnnl.global.dnnl.dnnl_oihw;
import static org.bytedeco.dnnl.global.dnnl.dnnl_post_ops_append_eltwise;
import static org.bytedeco.dnnl.global.dnnl.dnnl_post_ops_create;
import static org.bytedeco.dnnl.global.dnnl.dnnl_post_ops_destroy;
import static org.bytedeco.dnnl.global.dnnl.dnnl_primitive_attr_create;
import static org.bytedeco.dnnl.global.dnnl.dnnl_primitive_attr_destroy;
import static org.bytedeco.dnnl.global.dnnl.dnnl_primitive_attr_set_post_ops;
import static org.bytedeco.dnnl.global.dnnl.dnnl_primitive_desc_query_md;
import static org.bytedeco.dnnl.global.dnnl.dnnl_query_diff_dst_md;
import static org.bytedeco.dnnl.global.dnnl.dnnl_query_diff_src_md;
import static org.bytedeco.dnnl.global.dnnl.dnnl_query_diff_weights_md;
import static org.bytedeco.dnnl.global.dnnl.dnnl_query_dst_md;
import static org.bytedeco.dnnl.global.dnnl.dnnl_query_src_md;
import static org.bytedeco.dnnl.global.dnnl.dnnl_query_weights_md;

import java.lang.ref.Reference;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.bytedeco.dnnl.dnnl_convolution_desc_t;
import org.bytedeco.dnnl.dnnl_memory;
import org.bytedeco.dnnl.dnnl_memory_desc_t;
import org.bytedeco.dnnl.dnnl_post_ops;
import org.bytedeco.dnnl.dnnl_primitive_attr;
import org.bytedeco.dnnl.dnnl_primitive_desc;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.deeplearning4j.nn.workspace.ArrayType;
import org.deeplearning4j.nn.workspace.LayerWorkspaceMgr;

/**
 * One 2D convolution's oneDNN primitives for one {@link Geometry}: the forward pass, and on first use the backward
 * passes for the input gradient and for the weight and bias gradients, each with the reorders between DL4J's
 * {@code [oC, iC, kH, kW]} weights and the layout the primitive chose. Activations and their gradients are read and
 * written in place, in the layer's NHWC or NCHW layout, or, where {@link OneDnn#blocked} says so, reordered into and
 * out of the blocked layout the primitives choose, in the call's {@link Scratch}; where
 * {@link OneDnn#bf16} says so, what the primitives read is rounded to bfloat16 (the activations' copies in the
 * scratch, the weights' in buffers oneDNN allocates), while their sums and what they write stay float32. The direct algorithm throughout (oneDNN's Winograd backward pass ran 2–30 times slower on the
 * colorizer's shapes: {@link NativeConvolutionLayer#chunkedBackward}).
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
     * @param relu whether the forward pass ends with ReLU, {@code max(0, z)}, on its output (a oneDNN post-op, so
     *             the output is written once); the backward passes are the convolution's alone
     */
    record Geometry(long n, long inC, long inH, long inW, long outC, long outH, long outW, int kH, int kW, int sH,
                    int sW, int padTop, int padLeft, int padBottom, int padRight, boolean nhwc, boolean bias,
                    boolean training, boolean relu) {
        /** Whether oneDNN can run it: padding that is not negative, and the output size it implies. */
        boolean supported() {
            return fits(inH, outH, kH, sH, padTop, padBottom) && fits(inW, outW, kW, sW, padLeft, padRight);
        }
    }

    /**
     * Room for the activations one call's primitives read or write in a layout or data type of their own (blocked,
     * or bfloat16): an input-like and an output-like region, taken from one of DL4J's workspaces for the call, so
     * that the layers of a network share that memory (the workspace's, sized by DL4J to the largest layer's need)
     * instead of each keeping its own. Each region is used from a 64-byte boundary, as oneDNN aligns what it
     * allocates. Made for one call; holds its arrays until the call ends (detached ones where workspaces are off).
     */
    static final class Scratch {
        /** The region of the input-like buffers (a primitive's input, or the input gradient it writes). */
        static final int INPUT_LIKE = 0;
        /** The region of the output-like buffers (a primitive's output, or the output gradient it reads). */
        static final int OUTPUT_LIKE = 1;
        private static final int ALIGNMENT = 64;

        private final LayerWorkspaceMgr mgr;
        private final ArrayType type;
        private final INDArray[] regions = new INDArray[2];

        /** Room taken from {@code mgr}'s workspace for arrays of {@code type} (a working-memory type). */
        Scratch(LayerWorkspaceMgr mgr, ArrayType type) {
            this.mgr = Objects.requireNonNull(mgr, "mgr");
            this.type = Objects.requireNonNull(type, "type");
        }

        /**
         * The address of region {@code role} ({@link #INPUT_LIKE} or {@link #OUTPUT_LIKE}), at least {@code bytes}
         * long and aligned to 64 bytes, valid for this call; once per role.
         */
        long region(int role, long bytes) {
            if (regions[role] != null) {
                throw new IllegalStateException("region " + role + " asked for twice in one call");
            }
            regions[role] = mgr.createUninitialized(type, DataType.FLOAT, (bytes + ALIGNMENT + 3) / 4);
            long address = regions[role].data().address() + regions[role].offset() * 4;
            return (address + ALIGNMENT - 1) & -ALIGNMENT;
        }
    }

    private final Geometry g;
    private final dnnl_memory_desc_t src;
    private final dnnl_memory_desc_t dst;
    /**
     * The descriptors the primitives are described with for the input and the output (and their gradients): the
     * user's, or where blocked, "any", for the primitives to choose.
     */
    private final dnnl_memory_desc_t primitiveSrc;
    private final dnnl_memory_desc_t primitiveDst;
    /**
     * The descriptors of what the primitives read, where that differs from {@link #primitiveSrc} and
     * {@link #primitiveDst}: in bfloat16 (the input, the output gradient and the weights), where
     * {@link OneDnn#bf16} says so; what they write (the output, the gradients of input and weights) stays float32.
     */
    private final dnnl_memory_desc_t readSrc;
    private final dnnl_memory_desc_t readDst;
    private final dnnl_memory_desc_t userWeights;
    private final dnnl_memory_desc_t weightsAny;
    private final dnnl_memory_desc_t readWeights;
    private final dnnl_memory_desc_t biasDesc;
    private final long[] strides;
    private final long[] padL;
    private final long[] padR;

    // the memories whose data handles are set in each call
    private final dnnl_memory srcMem;
    private final dnnl_memory dstMem;
    private final dnnl_memory userWeightsMem;
    private final dnnl_memory biasMem;
    // the memories of activations in a primitive's own layout, by role, pointed at the scratch's region of their
    // role before each call: one of each role is an argument of any one primitive, and the calls that use one
    // role's region follow each other (see backward)
    private final List<dnnl_memory> srcLike = new ArrayList<>();
    private final List<dnnl_memory> dstLike = new ArrayList<>();

    private final dnnl_primitive_desc forwardPd;
    private final Step forward;
    private Step backwardData;
    private Step backwardWeights;
    /**
     * The output gradient's reorder into the input-gradient primitive's layout, shared with the weight-gradient
     * primitive where {@link #weightsShareDiffDst} (null where that layout is the user's).
     */
    private Call diffDstReorder;
    /** Whether the weight-gradient primitive reads the same output-gradient memory as the input-gradient one. */
    private boolean weightsShareDiffDst;
    private dnnl_memory diffDstMem;
    private dnnl_memory diffSrcMem;
    private dnnl_memory userDiffWeightsMem;
    private dnnl_memory diffBiasMem;

    /** A primitive with the reorders that come before it and after it. */
    private record Step(List<Call> before, Call call, List<Call> after) {
    }

    /**
     * The forward primitive for {@code g}, made now, with the activations' layout that {@link OneDnn#blocked} and
     * the arithmetic that {@link OneDnn#bf16} choose for this machine and this geometry.
     *
     * @throws IllegalArgumentException if {@code g} is not {@link Geometry#supported()}
     * @throws IllegalStateException if oneDNN refuses it
     */
    OneDnnConvolution(OneDnn dnn, Geometry g) {
        this(dnn, g, dnn.blocked(g), dnn.bf16(g));
    }

    /**
     * The forward primitive for {@code g}, made now.
     *
     * @param blocked whether the primitives run on activations in the layout they choose (on AVX2 CPUs a blocked
     *                one, 8 channels innermost), reordered from and to the geometry's in each call; else on the
     *                geometry's layout in place
     * @param bf16 whether the primitives read the input, the output gradient and the weights in bfloat16 (copies
     *             rounded in each call, the activations' in the call's {@link Scratch}) and write float32
     * @throws IllegalArgumentException if {@code g} is not {@link Geometry#supported()}
     * @throws IllegalStateException if oneDNN refuses it
     */
    OneDnnConvolution(OneDnn dnn, Geometry g, boolean blocked, boolean bf16) {
        super(dnn, "convolution " + g);
        this.g = g;
        try {
            if (!g.supported()) {
                throw new IllegalArgumentException("oneDNN cannot run this convolution: " + g);
            }
            int activations = g.nhwc() ? dnnl_nhwc : dnnl_nchw;
            long[] srcDims = {g.n(), g.inC(), g.inH(), g.inW()};
            long[] dstDims = {g.n(), g.outC(), g.outH(), g.outW()};
            src = desc(srcDims, activations);
            dst = desc(dstDims, activations);
            primitiveSrc = blocked ? desc(srcDims, dnnl_format_tag_any) : src;
            primitiveDst = blocked ? desc(dstDims, dnnl_format_tag_any) : dst;
            readSrc = bf16 ? desc(srcDims, blocked ? dnnl_format_tag_any : activations, dnnl_bf16) : primitiveSrc;
            readDst = bf16 ? desc(dstDims, blocked ? dnnl_format_tag_any : activations, dnnl_bf16) : primitiveDst;
            long[] w = {g.outC(), g.inC(), g.kH(), g.kW()};
            userWeights = desc(w, dnnl_oihw);
            weightsAny = desc(w, dnnl_format_tag_any);
            readWeights = bf16 ? desc(w, dnnl_format_tag_any, dnnl_bf16) : weightsAny;
            biasDesc = g.bias() ? desc(new long[] {g.outC()}, dnnl_a) : null;
            strides = new long[] {g.sH(), g.sW()};
            padL = new long[] {g.padTop(), g.padLeft()};
            padR = new long[] {g.padBottom(), g.padRight()};

            dnnl_convolution_desc_t op = new dnnl_convolution_desc_t();
            check(dnnl_convolution_forward_desc_init(op, g.training() ? dnnl_forward_training
                    : dnnl_forward_inference, dnnl_convolution_direct, readSrc, readWeights, biasDesc,
                    primitiveDst, strides, padL, padR), "describing the forward convolution");
            forwardPd = g.relu() ? withRelu(op) : primitiveDesc(op, null);
            srcMem = memory(src);
            dstMem = memory(dst);
            userWeightsMem = memory(userWeights);
            biasMem = g.bias() ? memory(biasDesc) : null;
            List<Call> before = new ArrayList<>();
            List<Call> after = new ArrayList<>();
            dnnl_memory weights = into(forwardPd, dnnl_query_weights_md, userWeightsMem, userWeights, null, before);
            dnnl_memory in = into(forwardPd, dnnl_query_src_md, srcMem, src, srcLike, before);
            dnnl_memory out = outOf(forwardPd, dnnl_query_dst_md, dstMem, dst, dstLike, after);
            List<Object> args = new ArrayList<>(List.of(DNNL_ARG_SRC, in, DNNL_ARG_WEIGHTS, weights,
                    DNNL_ARG_DST, out));
            if (g.bias()) {
                args.addAll(List.of(DNNL_ARG_BIAS, biasMem));
            }
            forward = new Step(before, call(forwardPd, args), after);
        } catch (RuntimeException e) {
            close();
            throw e;
        }
    }

    Geometry geometry() {
        return g;
    }

    /** The forward primitive descriptor of {@code op} with ReLU appended as a post-op. */
    private dnnl_primitive_desc withRelu(dnnl_convolution_desc_t op) {
        dnnl_post_ops ops = new dnnl_post_ops();
        dnnl_primitive_attr attr = new dnnl_primitive_attr();
        try {
            check(dnnl_post_ops_create(ops), "creating post-ops");
            check(dnnl_post_ops_append_eltwise(ops, 1f, dnnl_eltwise_relu, 0f, 0f), "appending ReLU");
            check(dnnl_primitive_attr_create(attr), "creating attributes");
            check(dnnl_primitive_attr_set_post_ops(attr, ops), "setting post-ops");
            return primitiveDesc(op, null, attr);
        } finally {
            if (!attr.isNull()) {
                dnnl_primitive_attr_destroy(attr);
            }
            if (!ops.isNull()) {
                dnnl_post_ops_destroy(ops);
            }
        }
    }

    /**
     * {@code out = conv(in, w) + b}, then ReLU where the geometry says so.
     *
     * @param in the input, contiguous in the geometry's layout
     * @param w the weights, contiguous {@code [oC, iC, kH, kW]}
     * @param b the bias ({@code oC} values, contiguous), or null where the geometry has none
     * @param out the output, contiguous in the geometry's layout
     * @param scratch room for this call's blocked or bfloat16 copies
     */
    void forward(INDArray in, INDArray w, INDArray b, INDArray out, Scratch scratch) {
        checkShapes(in, w, b, out, "output");
        set(srcMem, in);
        set(userWeightsMem, w);
        set(dstMem, out);
        if (g.bias()) {
            set(biasMem, b);
        }
        bind(scratch, srcLike, Scratch.INPUT_LIKE);
        if (!forward.after().isEmpty()) {   // a blocked output, reordered into the user's after the primitive
            bind(scratch, dstLike, Scratch.OUTPUT_LIKE);
        }
        run(forward);
        finish(in, w, b, out);
        Reference.reachabilityFence(scratch);
    }

    /**
     * The gradients with respect to the input (where {@code gradIn} is not null), the weights and the bias (where
     * the geometry has one), from the output's gradient {@code dz}. Arrays and scratch as in {@link #forward};
     * {@code gradW} as {@code w}, {@code gradB} as {@code b}.
     *
     * @throws IllegalStateException if the geometry is not for training
     */
    void backward(INDArray in, INDArray w, INDArray dz, INDArray gradIn, INDArray gradW, INDArray gradB,
                  Scratch scratch) {
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
        bindScratch(scratch);
        if (diffDstReorder != null && (gradIn != null || weightsShareDiffDst)) {
            run(diffDstReorder);
        }
        if (gradIn != null) {
            set(userWeightsMem, w);
            set(diffSrcMem, gradIn);
            run(backwardData);
        }
        set(srcMem, in);
        set(userDiffWeightsMem, gradW);
        if (g.bias()) {
            set(diffBiasMem, gradB);
        }
        // its input's reorder, in backwardWeights.before, runs after backwardData.after has read the input-like
        // region they share; its own output-gradient reorder, if any, after backwardData has read the output-like one
        run(backwardWeights);
        finish(in, w, dz, gradIn, gradW, gradB);
        Reference.reachabilityFence(scratch);
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
        check(dnnl_convolution_backward_data_desc_init(data, dnnl_convolution_direct, primitiveSrc, readWeights,
                readDst, strides, padL, padR), "describing the input gradient");
        dnnl_primitive_desc dataPd = primitiveDesc(data, forwardPd);
        List<Call> shared = new ArrayList<>();
        dnnl_memory dataDiffDst = into(dataPd, dnnl_query_diff_dst_md, diffDstMem, dst, dstLike, shared);
        diffDstReorder = shared.isEmpty() ? null : shared.get(0);
        List<Call> before = new ArrayList<>();
        List<Call> after = new ArrayList<>();
        dnnl_memory dataWeights = into(dataPd, dnnl_query_weights_md, userWeightsMem, userWeights, null, before);
        dnnl_memory dataDiffSrc = outOf(dataPd, dnnl_query_diff_src_md, diffSrcMem, src, srcLike, after);
        backwardData = new Step(before, call(dataPd, List.of(DNNL_ARG_DIFF_DST, dataDiffDst,
                DNNL_ARG_WEIGHTS, dataWeights, DNNL_ARG_DIFF_SRC, dataDiffSrc)), after);

        dnnl_convolution_desc_t weights = new dnnl_convolution_desc_t();
        check(dnnl_convolution_backward_weights_desc_init(weights, dnnl_convolution_direct, readSrc,
                weightsAny, biasDesc, readDst, strides, padL, padR), "describing the weight gradient");
        dnnl_primitive_desc weightsPd = primitiveDesc(weights, forwardPd);
        before = new ArrayList<>();
        after = new ArrayList<>();
        dnnl_memory in = into(weightsPd, dnnl_query_src_md, srcMem, src, srcLike, before);
        dnnl_memory_desc_t wantDiffDst = dnnl_primitive_desc_query_md(weightsPd, dnnl_query_diff_dst_md, 0);
        weightsShareDiffDst = dnnl_memory_desc_equal(wantDiffDst,
                dnnl_primitive_desc_query_md(dataPd, dnnl_query_diff_dst_md, 0)) != 0;
        dnnl_memory weightsDiffDst = weightsShareDiffDst ? dataDiffDst
                : into(weightsPd, dnnl_query_diff_dst_md, diffDstMem, dst, dstLike, before);
        // the weight gradient is reordered after the primitive, from its layout into DL4J's
        dnnl_memory diffWeights = outOf(weightsPd, dnnl_query_diff_weights_md, userDiffWeightsMem, userWeights,
                null, after);
        List<Object> args = new ArrayList<>(List.of(DNNL_ARG_SRC, in, DNNL_ARG_DIFF_DST, weightsDiffDst,
                DNNL_ARG_DIFF_WEIGHTS, diffWeights));
        if (g.bias()) {
            args.addAll(List.of(DNNL_ARG_DIFF_BIAS, diffBiasMem));
        }
        backwardWeights = new Step(before, call(weightsPd, args), after);
    }

    /** Points the blocked or bfloat16 buffers at the scratch's regions of their roles. */
    private void bindScratch(Scratch scratch) {
        bind(scratch, srcLike, Scratch.INPUT_LIKE);
        bind(scratch, dstLike, Scratch.OUTPUT_LIKE);
    }

    // A role holds one buffer per distinct layout and data type, usually one (a blocked float32 input gradient and a
    // bfloat16 input make two, each written and read before the next is): setting a handle makes oneDNN zero a
    // blocked layout's padding channels, and the reorders and primitives that write a buffer write its padding as
    // zeros.
    private void bind(Scratch scratch, List<dnnl_memory> role, int region) {
        long bytes = 0;
        for (dnnl_memory m : role) {
            bytes = Math.max(bytes, dnnl_memory_desc_get_size(descriptor(m)));
        }
        if (bytes > 0) {
            long address = scratch.region(region, bytes);
            for (dnnl_memory m : role) {
                setAddress(m, address);
            }
        }
    }

    private void run(Step step) {
        for (Call c : step.before()) {
            run(c);
        }
        run(step.call());
        for (Call c : step.after()) {
            run(c);
        }
    }

    /**
     * The memory the primitive of {@code pd} reads as its argument {@code query}: {@code user} (laid out as
     * {@code userDesc}) where the layouts agree, else a buffer in the primitive's layout, with the reorder from
     * {@code user} into it added to {@code reorders}.
     */
    private dnnl_memory into(dnnl_primitive_desc pd, int query, dnnl_memory user, dnnl_memory_desc_t userDesc,
                             List<dnnl_memory> role, List<Call> reorders) {
        return argument(pd, query, user, userDesc, role, reorders, false);
    }

    /** As {@link #into}, for an argument the primitive writes: the reorder goes from the buffer into {@code user}. */
    private dnnl_memory outOf(dnnl_primitive_desc pd, int query, dnnl_memory user, dnnl_memory_desc_t userDesc,
                              List<dnnl_memory> role, List<Call> reorders) {
        return argument(pd, query, user, userDesc, role, reorders, true);
    }

    private dnnl_memory argument(dnnl_primitive_desc pd, int query, dnnl_memory user, dnnl_memory_desc_t userDesc,
                                 List<dnnl_memory> role, List<Call> reorders, boolean written) {
        dnnl_memory_desc_t chosen = dnnl_primitive_desc_query_md(pd, query, 0);
        if (dnnl_memory_desc_equal(chosen, userDesc) != 0) {
            return user;
        }
        dnnl_memory m = buffer(chosen, role);
        reorders.add(written ? reorder(m, user) : reorder(user, m));
        return m;
    }

    /**
     * A buffer laid out as {@code d}: for weights ({@code role} null) a new one that oneDNN allocates, for
     * activations the one of their role with that layout, made on first use, its data in the scratch.
     */
    private dnnl_memory buffer(dnnl_memory_desc_t d, List<dnnl_memory> role) {
        if (role == null) {
            return allocated(d);
        }
        for (dnnl_memory m : role) {
            if (dnnl_memory_desc_equal(descriptor(m), d) != 0) {
                return m;
            }
        }
        dnnl_memory m = memory(d);
        role.add(m);
        return m;
    }
}
