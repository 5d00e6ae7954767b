package dev.pigment.models.engine;

import java.util.Arrays;
import org.deeplearning4j.exception.DL4JInvalidInputException;
import org.deeplearning4j.nn.conf.CNN2DFormat;
import org.deeplearning4j.nn.conf.ConvolutionMode;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.gradient.DefaultGradient;
import org.deeplearning4j.nn.gradient.Gradient;
import org.deeplearning4j.nn.layers.convolution.ConvolutionLayer;
import org.deeplearning4j.nn.params.ConvolutionParamInitializer;
import org.deeplearning4j.nn.workspace.ArrayType;
import org.deeplearning4j.nn.workspace.LayerWorkspaceMgr;
import org.deeplearning4j.util.ConvolutionUtils;
import org.nd4j.common.primitives.Pair;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.DynamicCustomOp;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;

/**
 * The layer behind {@link NativeConvolution}. Forward: the convolution (bias fused), then the activation in
 * place; in training it keeps what backprop needs (the output for ReLU, the pre-activation for other activations).
 * Backward: the activation's derivative, then the input, weight and bias gradients, written straight into DL4J's
 * flattened gradient views. Parameters keep DL4J's layout ({@code W: [nOut, nIn, kH, kW]}, {@code b: [1, nOut]}), so
 * networks, updaters and saved models are those of DL4J.
 *
 * <p>On CPU, float32 convolutions without dilation run on oneDNN directly ({@link OneDnnConvolution}), with
 * primitives kept per input shape (in bfloat16 arithmetic where oneDNN runs Intel AMX: {@link OneDnn#bf16}). Elsewhere (CUDA, other data types, dilation, no oneDNN natives) the layer calls
 * libnd4j's {@code conv2d} and {@code conv2d_bp} (for some shapes on AVX-512 CPUs chunk by chunk, the chunks' shares
 * added up: {@link #chunkedBackward}).
 */
public class NativeConvolutionLayer extends ConvolutionLayer {
    /** libnd4j weights format 1: [oC, iC, kH, kW], DL4J's layout. */
    private static final int WEIGHTS_OIHW = 1;

    private transient FusedActivation activation;

    /** oneDNN's primitives for the shapes met last; made on first use. */
    private transient OneDnnPrimitives.Cache<OneDnnConvolution.Geometry, OneDnnConvolution> oneDnn;

    /** A layer for {@code conf} with parameters in {@code dataType}; {@link NativeConvolution} creates it. */
    public NativeConvolutionLayer(NeuralNetConfiguration conf, DataType dataType) {
        super(conf, dataType);
    }

    private FusedActivation activation() {
        if (activation == null) {
            activation = new FusedActivation(conv().getActivationFn());
        }
        return activation;
    }

    private org.deeplearning4j.nn.conf.layers.ConvolutionLayer conv() {
        return (org.deeplearning4j.nn.conf.layers.ConvolutionLayer) conf().getLayer();
    }

    private boolean nhwc() {
        return conv().getCnn2dDataFormat() == CNN2DFormat.NHWC;
    }

    /** Integer arguments of conv2d / conv2d_bp. */
    private int[] convArgs() {
        var c = conv();
        int[] k = c.getKernelSize();
        int[] s = c.getStride();
        int[] p = c.getPadding();
        int[] d = c.getDilation();
        boolean same = c.getConvolutionMode() == ConvolutionMode.Same;
        return new int[] {k[0], k[1], s[0], s[1], same ? 0 : p[0], same ? 0 : p[1], d[0], d[1], same ? 1 : 0,
                nhwc() ? 1 : 0, WEIGHTS_OIHW};
    }

    private INDArray contiguousInput(LayerWorkspaceMgr mgr) {
        INDArray in = input;
        if (in.rank() != 4) {
            throw new DL4JInvalidInputException("Got rank " + in.rank() + " array as input to NativeConvolution "
                    + layerId() + " with shape " + Arrays.toString(in.shape()) + "; expected rank 4 "
                    + conv().getCnn2dDataFormat().dimensionNames());
        }
        long channels = in.size(nhwc() ? 3 : 1);
        if (channels != conv().getNIn()) {
            throw new DL4JInvalidInputException("NativeConvolution " + layerId() + " expects " + conv().getNIn()
                    + " input channels (" + conv().getCnn2dDataFormat() + "), got input of shape "
                    + Arrays.toString(in.shape()));
        }
        return NativeLayers.rowMajor(in, dataType, mgr, ArrayType.ACTIVATIONS);
    }

    private long[] outputShape(INDArray in) {
        var c = conv();
        int[] hw = ConvolutionUtils.getOutputSize(in, c.getKernelSize(), c.getStride(),
                c.getConvolutionMode() == ConvolutionMode.Same ? null : c.getPadding(), c.getConvolutionMode(),
                c.getDilation(), c.getCnn2dDataFormat());
        long n = in.size(0);
        return nhwc() ? new long[] {n, hw[0], hw[1], c.getNOut()} : new long[] {n, c.getNOut(), hw[0], hw[1]};
    }

    /**
     * Native {@code conv2d}, then the activation in place (ReLU fused into oneDNN's convolution) and the mask, if
     * any.
     *
     * @throws DL4JInvalidInputException if the input is not rank 4 or has other than {@code nIn} channels
     */
    @Override
    public INDArray activate(boolean training, LayerWorkspaceMgr mgr) {
        assertInputSet(false);
        applyDropOutIfNecessary(training, mgr);
        INDArray in = contiguousInput(mgr);
        INDArray w = getParamWithNoise(ConvolutionParamInitializer.WEIGHT_KEY, training, mgr);
        INDArray z = mgr.createUninitialized(ArrayType.ACTIVATIONS, dataType, outputShape(in), 'c');
        INDArray b = conv().hasBias() ? getParamWithNoise(ConvolutionParamInitializer.BIAS_KEY, training, mgr) : null;
        OneDnnConvolution direct = oneDnn(in, z, training);
        if (direct != null) {
            direct.forward(in, rowMajor(w, mgr, ArrayType.FF_WORKING_MEM),
                    b == null ? null : rowMajor(b, mgr, ArrayType.FF_WORKING_MEM), z,
                    new OneDnnConvolution.Scratch(mgr, ArrayType.FF_WORKING_MEM));
        } else {
            DynamicCustomOp.DynamicCustomOpsBuilder op = DynamicCustomOp.builder("conv2d");
            if (b != null) {
                op.addInputs(in, w, b.reshape(b.length()));
            } else {
                op.addInputs(in, w);
            }
            Nd4j.exec(op.addOutputs(z).addIntegerArguments(convArgs()).build());
        }

        INDArray out = direct != null && direct.geometry().relu() ? activation().appliedBefore(z, training)
                : activation().forward(z, training, mgr);
        if (maskArray != null) {
            applyMask(out);
        }
        return out;
    }

    /**
     * The activation's derivative, then native {@code conv2d_bp} into DL4J's gradient views; without an input
     * gradient ({@link NativeConvolution#isInputGradient()}) the weight gradients only, and a {@code null} epsilon.
     *
     * @throws IllegalStateException if no training forward pass came before (for activations other than identity)
     */
    @Override
    public Pair<Gradient, INDArray> backpropGradient(INDArray epsilon, LayerWorkspaceMgr mgr) {
        assertInputSet(true);
        INDArray in = contiguousInput(mgr);
        INDArray eps = NativeLayers.rowMajor(epsilon, dataType, mgr, ArrayType.BP_WORKING_MEM);
        INDArray dz = activation().backward(eps, dataType, mgr, "NativeConvolution " + layerId());
        boolean inputGradient = ((NativeConvolution) conv()).isInputGradient();

        OneDnnConvolution direct = Arrays.equals(dz.shape(), outputShape(in)) ? oneDnn(in, dz, true) : null;
        if (direct != null && NativeLayers.isRowMajor(gradientViews.get(ConvolutionParamInitializer.WEIGHT_KEY))
                && (!conv().hasBias() || NativeLayers.isRowMajor(gradientViews.get(ConvolutionParamInitializer.BIAS_KEY)))) {
            return directBackward(direct, in, dz, inputGradient, mgr);
        }
        if (!inputGradient) {
            return new Pair<>(weightGradientOnly(in, dz, mgr), null);
        }
        INDArray w = getParamWithNoise(ConvolutionParamInitializer.WEIGHT_KEY, true, mgr);
        INDArray b = conv().hasBias() ? getParamWithNoise(ConvolutionParamInitializer.BIAS_KEY, true, mgr) : null;
        INDArray gradW = gradientViews.get(ConvolutionParamInitializer.WEIGHT_KEY);
        INDArray gradB = b == null ? null : gradientViews.get(ConvolutionParamInitializer.BIAS_KEY);
        INDArray gradI = mgr.createUninitialized(ArrayType.ACTIVATION_GRAD, dataType, in.shape(), 'c');
        long n = in.size(0);
        var c = conv();
        long area = dz.size(nhwc() ? 1 : 2) * dz.size(nhwc() ? 2 : 3);
        if (WINOGRAD_CPU && chunkedBackward(n, c.getKernelSize(), c.getStride(), c.getDilation(), c.getNIn(),
                c.getNOut(), area)) {
            dz = NativeLayers.rowMajor(dz, dataType, mgr, ArrayType.BP_WORKING_MEM);
            // chunk by chunk: gradW (and gradB) hold the first chunk's share, the others' are added to them
            INDArray partW = mgr.createUninitialized(ArrayType.BP_WORKING_MEM, dataType, gradW.shape(), 'c');
            INDArray partB = b == null ? null
                    : mgr.createUninitialized(ArrayType.BP_WORKING_MEM, dataType, gradB.shape(), 'c');
            for (long from = 0; from < n; from += BACKWARD_CHUNK) {
                long to = Math.min(n, from + BACKWARD_CHUNK);
                boolean first = from == 0;
                conv2dBp(images(in, from, to), w, b, images(dz, from, to), images(gradI, from, to),
                        first ? gradW : partW, first ? gradB : partB);
                if (!first) {
                    gradW.addi(partW);
                    if (b != null) {
                        gradB.addi(partB);
                    }
                }
            }
        } else {
            conv2dBp(in, w, b, dz, gradI, gradW, gradB);
        }
        Gradient gradient = new DefaultGradient();
        if (b != null) {
            gradient.gradientForVariable().put(ConvolutionParamInitializer.BIAS_KEY, gradB);
        }
        gradient.gradientForVariable().put(ConvolutionParamInitializer.WEIGHT_KEY, gradW);
        weightNoiseParams.clear();
        return new Pair<>(gradient, backpropDropOutIfPresent(gradI));
    }

    /** Backprop on oneDNN: {@link #backpropGradient}'s results, from {@link OneDnnConvolution#backward}. */
    private Pair<Gradient, INDArray> directBackward(OneDnnConvolution direct, INDArray in, INDArray dz,
                                                    boolean inputGradient, LayerWorkspaceMgr mgr) {
        INDArray w = getParamWithNoise(ConvolutionParamInitializer.WEIGHT_KEY, true, mgr);
        INDArray gradW = gradientViews.get(ConvolutionParamInitializer.WEIGHT_KEY);
        INDArray gradB = conv().hasBias() ? gradientViews.get(ConvolutionParamInitializer.BIAS_KEY) : null;
        INDArray gradI = inputGradient
                ? mgr.createUninitialized(ArrayType.ACTIVATION_GRAD, dataType, in.shape(), 'c') : null;
        direct.backward(in, rowMajor(w, mgr, ArrayType.BP_WORKING_MEM), NativeLayers.rowMajor(dz, dataType, mgr, ArrayType.BP_WORKING_MEM),
                gradI, gradW, gradB, new OneDnnConvolution.Scratch(mgr, ArrayType.BP_WORKING_MEM));
        Gradient gradient = new DefaultGradient();
        if (gradB != null) {
            gradient.gradientForVariable().put(ConvolutionParamInitializer.BIAS_KEY, gradB);
        }
        gradient.gradientForVariable().put(ConvolutionParamInitializer.WEIGHT_KEY, gradW);
        weightNoiseParams.clear();
        return new Pair<>(gradient, gradI == null ? null : backpropDropOutIfPresent(gradI));
    }

    /**
     * The oneDNN convolution for input {@code in} and output (or output gradient) {@code out}, made on first use of
     * their shapes; null where this layer calls libnd4j instead: no oneDNN ({@link OneDnn#get()}), data other than
     * float32, dilation, or a mode or padding oneDNN cannot take.
     */
    private OneDnnConvolution oneDnn(INDArray in, INDArray out, boolean training) {
        var c = conv();
        int[] d = c.getDilation();
        if (dataType != DataType.FLOAT || d[0] != 1 || d[1] != 1 || c.getConvolutionMode() == ConvolutionMode.Causal
                || OneDnn.get().isEmpty()) {
            return null;
        }
        boolean nhwc = nhwc();
        int[] k = c.getKernelSize();
        int[] s = c.getStride();
        long iH = in.size(nhwc ? 1 : 2);
        long iW = in.size(nhwc ? 2 : 3);
        long oH = out.size(nhwc ? 1 : 2);
        long oW = out.size(nhwc ? 2 : 3);
        boolean same = c.getConvolutionMode() == ConvolutionMode.Same;
        int[] padH = OneDnnPrimitives.padding(same, c.getPadding()[0], iH, oH, k[0], s[0]);
        int[] padW = OneDnnPrimitives.padding(same, c.getPadding()[1], iW, oW, k[1], s[1]);
        if (padH == null || padW == null) {
            return null;
        }
        var g = new OneDnnConvolution.Geometry(in.size(0), c.getNIn(), iH, iW, c.getNOut(), oH, oW, k[0], k[1], s[0],
                s[1], padH[0], padW[0], padH[1], padW[1], nhwc, c.hasBias(), training, activation().isRelu());
        if (!g.supported()) {
            return null;
        }
        if (oneDnn == null) {
            oneDnn = new OneDnnPrimitives.Cache<>();
        }
        return oneDnn.get(g, key -> new OneDnnConvolution(OneDnn.get().orElseThrow(), key));
    }

    /** The shapes whose oneDNN primitives this layer keeps now; for tests. */
    int oneDnnShapes() {
        return oneDnn == null ? 0 : oneDnn.size();
    }

    private INDArray rowMajor(INDArray a, LayerWorkspaceMgr mgr, ArrayType kind) {
        return NativeLayers.rowMajor(a, dataType, mgr, kind);
    }

    /** The images {@code from..to-1} of a batch in c order with default strides: a contiguous view. */
    private static INDArray images(INDArray batch, long from, long to) {
        return batch.get(NDArrayIndex.interval(from, to), NDArrayIndex.all(), NDArrayIndex.all(), NDArrayIndex.all());
    }

    /** Native {@code conv2d_bp}: the input, weight and (where {@code b} is not null) bias gradients. */
    private void conv2dBp(INDArray in, INDArray w, INDArray b, INDArray dz, INDArray gradI, INDArray gradW,
                          INDArray gradB) {
        DynamicCustomOp.DynamicCustomOpsBuilder op = DynamicCustomOp.builder("conv2d_bp");
        if (b != null) {
            op.addInputs(in, w, b.reshape(b.length()), dz).addOutputs(gradI, gradW, gradB.reshape(gradB.length()));
        } else {
            op.addInputs(in, w, dz).addOutputs(gradI, gradW);
        }
        Nd4j.exec(op.addIntegerArguments(convArgs()).build());
    }

    /**
     * Whether this process computes on a CPU with AVX-512, where oneDNN has the Winograd kernel that
     * {@link #chunkedBackward} avoids. On AVX2-only CPUs oneDNN takes its direct kernel anyway, and on CUDA cuDNN
     * does the work, so there the batch stays whole.
     */
    private static final boolean WINOGRAD_CPU = Nd4j.getEnvironment().isCPU()
            && Machine.current().extensions().contains("avx512f");

    /**
     * The most images per {@code conv2d_bp} call on the layers that {@link #chunkedBackward} picks. oneDNN (2.3, inside
     * libnd4j M2.1) computes the input gradient of a 3×3 stride-1 convolution on AVX-512 CPUs with its Winograd
     * kernel only for batches above 8; at or below it takes the direct kernel.
     */
    static final int BACKWARD_CHUNK = 8;

    /**
     * Whether the backward pass of a batch of {@code n} images through a layer of kernel {@code k}, stride {@code s},
     * dilation {@code d}, {@code nIn} and {@code nOut} channels and an output of {@code area} pixels runs in chunks of
     * {@link #BACKWARD_CHUNK} images (on AVX-512 CPUs only): for a batch above the chunk and a
     * 3×3 stride-1 convolution without dilation, with more input than output channels and an output of at least
     * 16×16, or as many of each and an output of at least 32×32 — the colorizer's upper levels and decoder, and the
     * wide maps of the photo and CIFAR classifiers. There oneDNN's Winograd input gradient ran 2–30 times slower than
     * its direct kernel on chunks (one run each on a 2-vCPU AMD EPYC Zen 5, {@code conv2d_bp} alone, whole batch
     * against chunks: 32→16 channels at 64×64, batch 32, 130 against 16 ms; 128→64 at 16×16, 25 against 13 ms;
     * 64→64 at 32×32, batch 128, 323 against 96 ms). Where the output channels outnumber the input ones or the maps
     * are smaller (the Fashion-MNIST classifier: 64→64 at 14×14 and 128→128 at 7×7, batch 128, 12 and 10 ms whole
     * against 23 and 21 ms in chunks; 128→128 at 16×16, batch 32, 14–18 against 23–27 ms) the whole batch is
     * faster. The rule depends on the shapes only, so training repeats exactly.
     */
    static boolean chunkedBackward(long n, int[] k, int[] s, int[] d, long nIn, long nOut, long area) {
        return n > BACKWARD_CHUNK && k[0] == 3 && k[1] == 3 && s[0] == 1 && s[1] == 1 && d[0] == 1 && d[1] == 1
                && (nIn > nOut && area >= 16 * 16 || nIn == nOut && area >= 32 * 32);
    }

    /**
     * Weight and bias gradients without the input gradient, from one matrix product:
     * {@code [gradWᵀ; gradB] = [col; 1ᵀ] · dz}, with {@code col} the input's patches laid out as
     * [iC·kH·kW, n·oH·oW] and {@code dz} as [n·oH·oW, oC]. For a stride-1 "same" layer without dilation (the first
     * layers of the Fashion-MNIST classifier and the colorizer) {@code col} comes from {@link #shiftedPatches},
     * otherwise from libnd4j's {@code im2col} (docs/engine.md has the timings of both).
     */
    private Gradient weightGradientOnly(INDArray in, INDArray dz, LayerWorkspaceMgr mgr) {
        var c = conv();
        int[] k = c.getKernelSize();
        int[] s = c.getStride();
        int[] d = c.getDilation();
        long n = in.size(0);
        long iC = c.getNIn();
        long oC = c.getNOut();
        long kSize = iC * k[0] * k[1];
        long oH = nhwc() ? dz.size(1) : dz.size(2);
        long oW = nhwc() ? dz.size(2) : dz.size(3);
        long m = n * oH * oW;
        boolean same = c.getConvolutionMode() == ConvolutionMode.Same;
        long iH = nhwc() ? in.size(1) : in.size(2);
        long iW = nhwc() ? in.size(2) : in.size(3);
        // same mode's top-left padding (DL4J's and TensorFlow's rule); the bottom and right take the rest
        int[] pad = same
                ? ConvolutionUtils.getSameModeTopLeftPadding(new int[] {(int) oH, (int) oW},
                        new int[] {(int) iH, (int) iW}, k, s, d)
                : c.getPadding();
        // [col; 1ᵀ]: rows 0..K-1 hold col as [K, n·oH·oW], row K is ones
        boolean bias = c.hasBias();
        INDArray colOnes = mgr.createUninitialized(ArrayType.BP_WORKING_MEM, dataType,
                new long[] {kSize + (bias ? 1 : 0), m}, 'c');
        if (same && s[0] == 1 && s[1] == 1 && d[0] == 1 && d[1] == 1) {
            shiftedPatches(in, k, pad, colOnes, mgr);
        } else {
            patchesByIm2col(in, k, s, d, pad, same, oH, oW, colOnes, mgr);
        }
        if (bias) {
            colOnes.getRow(kSize).assign(1.0);
        }
        INDArray dzMo = nhwc() ? dz.reshape(m, oC)
                : mgr.dup(ArrayType.BP_WORKING_MEM, dz.reshape(n, oC, oH * oW).permute(0, 2, 1), 'c').reshape(m, oC);
        INDArray product = mgr.createUninitialized(ArrayType.BP_WORKING_MEM, dataType,
                new long[] {colOnes.size(0), oC}, 'c');
        Nd4j.gemm(colOnes, dzMo, product, false, false, 1.0, 0.0);

        Gradient gradient = new DefaultGradient();
        INDArray gradW = gradientViews.get(ConvolutionParamInitializer.WEIGHT_KEY);
        gradW.reshape(oC, kSize).assign(product.get(NDArrayIndex.interval(0, kSize), NDArrayIndex.all()).transpose());
        if (bias) {
            INDArray gradB = gradientViews.get(ConvolutionParamInitializer.BIAS_KEY);
            gradB.reshape(1, oC).assign(product.getRow(kSize).reshape(1, oC));
            gradient.gradientForVariable().put(ConvolutionParamInitializer.BIAS_KEY, gradB);
        }
        gradient.gradientForVariable().put(ConvolutionParamInitializer.WEIGHT_KEY, gradW);
        weightNoiseParams.clear();
        return gradient;
    }

    /**
     * Rows 0..iC·kH·kW−1 of {@code col} for a stride-1 "same" layer without dilation, one strided copy each: row
     * (c, ky, kx) is channel c of the input, zero-padded by {@code pad} at the top and left (and by the rest of the
     * kernel at the bottom and right), from row ky and column kx on. Faster than {@code im2col} and its transposing
     * copy, with the same values.
     */
    private void shiftedPatches(INDArray in, int[] k, int[] pad, INDArray col, LayerWorkspaceMgr mgr) {
        boolean nhwc = nhwc();
        long n = in.size(0);
        long iC = conv().getNIn();
        long h = nhwc ? in.size(1) : in.size(2);
        long w = nhwc ? in.size(2) : in.size(3);
        long ph = h + k[0] - 1;
        long pw = w + k[1] - 1;
        INDArray padded = mgr.create(ArrayType.BP_WORKING_MEM, dataType,
                nhwc ? new long[] {n, ph, pw, iC} : new long[] {n, iC, ph, pw}, 'c');   // zero-filled
        var rows = NDArrayIndex.interval(pad[0], pad[0] + h);
        var cols = NDArrayIndex.interval(pad[1], pad[1] + w);
        (nhwc ? padded.get(NDArrayIndex.all(), rows, cols, NDArrayIndex.all())
                : padded.get(NDArrayIndex.all(), NDArrayIndex.all(), rows, cols)).assign(in);
        long row = 0;
        for (long ch = 0; ch < iC; ch++) {
            for (int ky = 0; ky < k[0]; ky++) {
                for (int kx = 0; kx < k[1]; kx++) {
                    var ys = NDArrayIndex.interval(ky, ky + h);
                    var xs = NDArrayIndex.interval(kx, kx + w);
                    INDArray shifted = nhwc ? padded.get(NDArrayIndex.all(), ys, xs, NDArrayIndex.point(ch))
                            : padded.get(NDArrayIndex.all(), NDArrayIndex.point(ch), ys, xs);
                    col.getRow(row++).reshape(n, h, w).assign(shifted);
                }
            }
        }
    }

    /**
     * Rows 0..iC·kH·kW−1 of {@code col} from libnd4j's {@code im2col}, for any stride, dilation and mode. im2col sizes
     * its output by the same-mode flag but samples with the explicit pads, so it gets both. It writes a contiguous
     * buffer (through a permuted view it ran 3× slower), which is then transposed into {@code col}.
     */
    private void patchesByIm2col(INDArray in, int[] k, int[] s, int[] d, int[] pad, boolean same, long oH, long oW,
                                 INDArray col, LayerWorkspaceMgr mgr) {
        long n = in.size(0);
        long iC = conv().getNIn();
        long kSize = iC * k[0] * k[1];
        INDArray nchwInput;
        if (!nhwc()) {
            nchwInput = in;
        } else if (iC == 1) {
            nchwInput = in.reshape(n, 1, in.size(1), in.size(2));   // same memory order as NHWC
        } else {
            nchwInput = mgr.dup(ArrayType.BP_WORKING_MEM, in.permute(0, 3, 1, 2), 'c');
        }
        INDArray patches = mgr.createUninitialized(ArrayType.BP_WORKING_MEM, dataType,
                new long[] {n, iC, k[0], k[1], oH, oW}, 'c');
        Nd4j.exec(DynamicCustomOp.builder("im2col").addInputs(nchwInput).addOutputs(patches)
                .addIntegerArguments(k[0], k[1], s[0], s[1], pad[0], pad[1], d[0], d[1], same ? 1 : 0)
                .addFloatingPointArguments(0.0).build());
        col.get(NDArrayIndex.interval(0, kSize), NDArrayIndex.all()).reshape(kSize, n, oH * oW)
                .assign(patches.reshape(n, kSize, oH * oW).permute(1, 0, 2));
    }

    /** Clears DL4J's state and the arrays the activation kept for backprop. */
    @Override
    public void clear() {
        super.clear();
        if (activation != null) {
            activation.clear();
        }
    }
}
