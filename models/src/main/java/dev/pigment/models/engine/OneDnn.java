package dev.pigment.models.engine;

import static org.bytedeco.dnnl.global.dnnl.dnnl_cpu;
import static org.bytedeco.dnnl.global.dnnl.dnnl_cpu_isa_avx512_core;
import static org.bytedeco.dnnl.global.dnnl.dnnl_cpu_isa_avx512_core_amx;
import static org.bytedeco.dnnl.global.dnnl.dnnl_engine_create;
import static org.bytedeco.dnnl.global.dnnl.dnnl_get_effective_cpu_isa;
import static org.bytedeco.dnnl.global.dnnl.dnnl_sgemm;
import static org.bytedeco.dnnl.global.dnnl.dnnl_success;

import java.lang.ref.Cleaner;
import java.util.Locale;
import java.util.Optional;
import org.bytedeco.dnnl.dnnl_engine;
import org.bytedeco.dnnl.global.dnnl;
import org.bytedeco.javacpp.FloatPointer;
import org.bytedeco.javacpp.Loader;
import org.bytedeco.javacpp.Pointer;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * oneDNN (the oneAPI Deep Neural Network Library, <a href="https://github.com/oneapi-src/oneDNN">oneDNN</a>) called
 * directly through JavaCPP's presets ({@code org.bytedeco:dnnl}), for the convolutions of
 * {@link NativeConvolutionLayer} on CPUs ({@link OneDnnConvolution}). libnd4j M2.1 calls oneDNN 2.3 too, but creates
 * its primitives, reorders and scratch buffers anew in every op call; here they are made once per layer and shape
 * and the activations stay in the network's NHWC or NCHW layout and in float32 (unless {@link #blocked} or
 * {@link #bf16}, which copy them for the call). docs/engine.md has the measurements.
 *
 * <p>Used where ND4J runs on its CPU backend, the natives ({@code org.bytedeco:dnnl} and {@code org.bytedeco:opencl}
 * with the platform's classifier) are on the class path and the system property {@value #PROPERTY} is not
 * {@code false}. Otherwise the layers call libnd4j's ops, as before: same results to float rounding (to bfloat16
 * rounding where {@link #bf16} holds).
 */
final class OneDnn {
    /** The system property that turns the direct path off: {@code -Dpigment.onednn=false}. */
    static final String PROPERTY = "pigment.onednn";

    /**
     * The system property that chooses the convolutions' activation layout: {@code auto} (the default: see
     * {@link #blocked}), {@code blocked} or {@code plain} (the network's own NHWC or NCHW) for every convolution.
     * With {@code blocked} there is no size limit: the working-memory workspace grows to the largest copies.
     */
    static final String LAYOUT_PROPERTY = "pigment.onednn.layout";

    /**
     * The system property that chooses the convolutions' arithmetic: {@code auto} (the default: see {@link #bf16}),
     * {@code f32}, or {@code bf16} on any CPU with AVX-512 (within {@link #bf16}'s other conditions).
     */
    static final String PRECISION_PROPERTY = "pigment.onednn.precision";

    /** The least input and output channels for which {@code auto} runs a training convolution on blocked layouts. */
    static final long BLOCKED_MIN_CHANNELS = 64;

    /** The least input channels for which a convolution computes in bfloat16 ({@link #bf16}). */
    static final long BF16_MIN_CHANNELS = 16;

    /** The least output channels for which {@code auto} runs a channel-merging convolution on blocked layouts. */
    static final long BLOCKED_MIN_MERGED = 16;

    /**
     * The largest input or output, in bytes of float32, for which {@code auto} runs a convolution on blocked layouts
     * or in bfloat16: either way the call copies it, into DL4J's working-memory workspace, which keeps its size.
     */
    static final long COPY_MAX_BYTES = 64L << 20;

    /** Releases native handles of objects no longer reachable. */
    static final Cleaner CLEANER = Cleaner.create();

    private final dnnl_engine engine;
    /** Blocked (true) or plain (false) for every convolution, or null: by the rule of {@link #blocked}. */
    private final Boolean layout;
    private final boolean avx512;
    private final boolean bf16;

    private OneDnn(dnnl_engine engine, Boolean layout, boolean avx512, boolean bf16) {
        this.engine = engine;
        this.layout = layout;
        this.avx512 = avx512;
        this.bf16 = bf16;
    }

    /**
     * The CPU engine, made on first use; empty where the direct path is off or its natives cannot load.
     *
     * @throws IllegalArgumentException if {@value #LAYOUT_PROPERTY} or {@value #PRECISION_PROPERTY} has a value it
     *                                  does not know, or the latter asks for bfloat16 on a CPU without AVX-512
     */
    static Optional<OneDnn> get() {
        failOnBadProperty();
        return Optional.ofNullable(Holder.LOADED.dnn());
    }

    /** Why the direct path is off, or an empty string where it is on: for reports. */
    static String status() {
        failOnBadProperty();
        return Holder.LOADED.reason();
    }

    private static void failOnBadProperty() {
        if (Holder.LOADED.error() != null) {
            throw new IllegalArgumentException(Holder.LOADED.error());
        }
    }

    dnnl_engine engine() {
        return engine;
    }

    /**
     * Whether a convolution runs on activations in the layout its primitives choose (blocked, 8 channels innermost,
     * on AVX2), reordered from and to the network's NHWC or NCHW in each call. By default only where oneDNN runs
     * without AVX-512, only where the larger of the input and output takes at most {@value #COPY_MAX_BYTES}
     * bytes (DL4J's working-memory workspace, where the copies go, keeps room for the largest), and for two kinds
     * of convolution that measured faster that way on a 2-vCPU AMD EPYC Zen 3 (family 25 model 1, AVX2 only;
     * docs/engine.md):
     * <ul>
     *   <li>in training, those with at least {@value #BLOCKED_MIN_CHANNELS} input and output channels (the
     *       classifier's wide stages); their inference ran slower blocked;</li>
     *   <li>in training and inference, those that merge channels, at least twice as many in as out and at least
     *       {@value #BLOCKED_MIN_MERGED} out (a U-Net decoder's convolutions after each upsampling and after each
     *       concatenation), where oneDNN 2.5's NHWC kernels ran 1.1–1.7× slower than its blocked ones (the
     *       forward passes 1.5–1.7×).</li>
     * </ul>
     * Blocked convolutions with few channels (the reference CNN's, the colorizer's upper levels) lost more to the
     * reorders than they gained. On the AVX-512 machines measured the NHWC kernels in place were fast.
     */
    boolean blocked(OneDnnConvolution.Geometry g) {
        if (layout != null) {
            return layout;
        }
        if (avx512 || largestBytes(g) > COPY_MAX_BYTES) {
            return false;
        }
        boolean wide = g.inC() >= BLOCKED_MIN_CHANNELS && g.outC() >= BLOCKED_MIN_CHANNELS;
        boolean merging = g.outC() >= BLOCKED_MIN_MERGED && g.inC() >= 2 * g.outC();
        return (g.training() && wide) || merging;
    }

    /**
     * Whether a convolution computes in bfloat16: it reads its input (or output gradient) and weights rounded to
     * bfloat16, sums the products in float32 and writes its output and gradients in float32; the network keeps its
     * parameters, activations and updates in float32 (the mixed precision of Micikevicius et al., "Mixed Precision
     * Training", ICLR 2018, with bfloat16's float32 range needing no loss scaling: Kalamkar et al., "A Study of
     * BFLOAT16 for Deep Learning Training", 2019). By default where oneDNN runs Intel AMX (Advanced Matrix
     * Extensions: Sapphire Rapids and later Xeons), whose tile multiplies take bfloat16 and not float32, and only on
     * NHWC activations, the layout of oneDNN 2.5's AMX kernels, with at least {@value #BF16_MIN_CHANNELS} input
     * channels (a first layer's single channel ran 0.64–0.86× as fast in bfloat16: oneDNN's AMX kernels want more),
     * and, as for {@link #blocked}, where the larger of the input and output takes at most {@value #COPY_MAX_BYTES}
     * bytes in float32. On a 2-vCPU Xeon Sapphire Rapids (docs/engine.md) the classifier trained 1.6× and predicted
     * 2.6× faster that way.
     */
    boolean bf16(OneDnnConvolution.Geometry g) {
        return bf16 && g.nhwc() && g.inC() >= BF16_MIN_CHANNELS && largestBytes(g) <= COPY_MAX_BYTES;
    }

    /** Whether oneDNN runs AVX-512 kernels on this CPU. */
    boolean avx512() {
        return avx512;
    }

    /** Whether bfloat16 is on, for the convolutions {@link #bf16} names: for reports. */
    boolean bf16() {
        return bf16;
    }

    /** The larger of a convolution's input and output, in bytes of float32. */
    private static long largestBytes(OneDnnConvolution.Geometry g) {
        return 4 * g.n() * Math.max(g.inC() * g.inH() * g.inW(), g.outC() * g.outH() * g.outW());
    }

    /** The layout {@value #LAYOUT_PROPERTY} asks for: true for blocked, false for plain, null for auto. */
    static Boolean layoutProperty(String value) {
        return autoOr(LAYOUT_PROPERTY, value, "blocked", true, "plain");
    }

    /** The arithmetic {@value #PRECISION_PROPERTY} asks for: true for bfloat16, false for float32, null for auto. */
    static Boolean precisionProperty(String value) {
        return autoOr(PRECISION_PROPERTY, value, "f32", false, "bf16");
    }

    /**
     * A property's value, in any case: {@code auto} (null), {@code first} ({@code firstMeans}) or {@code second}
     * (the opposite).
     *
     * @throws IllegalArgumentException naming the property and the three values, for any other value
     */
    private static Boolean autoOr(String property, String value, String first, boolean firstMeans, String second) {
        String v = value.toLowerCase(Locale.ROOT);
        if (v.equals("auto")) {
            return null;
        }
        if (v.equals(first) || v.equals(second)) {
            return v.equals(first) == firstMeans;
        }
        throw new IllegalArgumentException("-D" + property + "=" + value + ": expected auto, " + first + " or "
                + second);
    }

    /** Throws {@link IllegalStateException} naming {@code what} unless {@code status} is {@code dnnl_success}. */
    static void check(int status, String what) {
        if (status != dnnl_success) {
            throw new IllegalStateException("oneDNN: " + what + " failed with status " + status);
        }
    }

    /** The native address of {@code a}'s first element (its buffer's, moved by the array's offset). */
    static Pointer address(INDArray a) {
        return new Address(a.data().address() + a.offset() * a.data().getElementSize());
    }

    /**
     * {@code c = op(a)·op(b)} on oneDNN's {@code sgemm}, which runs on every core oneDNN uses (OpenBLAS, which
     * ND4J's {@code gemm} calls, runs on one thread inside {@link Engine#scope}); {@code op} transposes where asked.
     * For float32 matrices each contiguous in c or f order (DL4J's weight views are f order); false, with {@code c}
     * untouched, where oneDNN's natives are not loaded or an array is not such a matrix, for the caller to compute
     * it otherwise.
     *
     * @throws IllegalArgumentException if the shapes do not multiply into {@code c}'s
     */
    static boolean sgemm(INDArray a, boolean transA, INDArray b, boolean transB, INDArray c) {
        if (a.rank() != 2 || b.rank() != 2 || c.rank() != 2 || a.dataType() != DataType.FLOAT
                || b.dataType() != DataType.FLOAT || c.dataType() != DataType.FLOAT || get().isEmpty()) {
            return false;
        }
        long m = c.size(0);
        long n = c.size(1);
        long k = transA ? a.size(0) : a.size(1);
        if ((transA ? a.size(1) : a.size(0)) != m || (transB ? b.size(0) : b.size(1)) != n
                || (transB ? b.size(1) : b.size(0)) != k) {
            throw new IllegalArgumentException("gemm of " + java.util.Arrays.toString(a.shape()) + (transA ? "ᵀ" : "")
                    + " and " + java.util.Arrays.toString(b.shape()) + (transB ? "ᵀ" : "") + " into "
                    + java.util.Arrays.toString(c.shape()));
        }
        if (!NativeLayers.isRowMajor(c)) {   // f order: cᵀ = op(b)ᵀ·op(a)ᵀ, row-major
            return NativeLayers.isRowMajor(c.transpose()) && sgemm(b, !transB, a, !transA, c.transpose());
        }
        Operand x = Operand.of(a, transA);
        Operand y = Operand.of(b, transB);
        if (x == null || y == null) {
            return false;
        }
        if (m > 0 && n > 0 && k == 0) {
            c.assign(0);    // an empty sum; oneDNN is not handed empty arrays
        } else if (m > 0 && n > 0) {
            check(dnnl_sgemm(x.trans() ? (byte) 'T' : (byte) 'N', y.trans() ? (byte) 'T' : (byte) 'N', m, n, k, 1f,
                    new FloatPointer(address(a)), x.ld(), new FloatPointer(address(b)), y.ld(), 0f,
                    new FloatPointer(address(c)), Math.max(1, n)), "running sgemm");
        }
        java.lang.ref.Reference.reachabilityFence(new INDArray[] {a, b, c});
        return true;
    }

    /** A matrix as row-major {@code sgemm} reads it: transposed or not, and its leading dimension. */
    private record Operand(boolean trans, long ld) {
        /** {@code op(x)} for {@code x} in c order ({@code x} itself) or f order (its row-major transpose); else null. */
        static Operand of(INDArray x, boolean trans) {
            if (NativeLayers.isRowMajor(x)) {
                return new Operand(trans, Math.max(1, x.size(1)));
            }
            return NativeLayers.isRowMajor(x.transpose()) ? new Operand(!trans, Math.max(1, x.size(0))) : null;
        }
    }

    /** A pointer to a native address that JavaCPP does not own. */
    static final class Address extends Pointer {
        Address(long value) {
            address = value;
        }
    }

    /** The engine, or null and why not; {@code error}: a system property's bad value, else null. */
    private record Loaded(OneDnn dnn, String reason, String error) {
        Loaded(OneDnn dnn, String reason) {
            this(dnn, reason, null);
        }
    }

    private static final class Holder {
        private static final Loaded LOADED = load();

        private static Loaded load() {
            if ("false".equalsIgnoreCase(System.getProperty(PROPERTY, "true"))) {
                return new Loaded(null, "-D" + PROPERTY + "=false");
            }
            if (!Nd4j.getEnvironment().isCPU()) {
                return new Loaded(null, "not ND4J's CPU backend");
            }
            Boolean layout;
            Boolean precision;
            try {
                layout = layoutProperty(System.getProperty(LAYOUT_PROPERTY, "auto").trim());
                precision = precisionProperty(System.getProperty(PRECISION_PROPERTY, "auto").trim());
            } catch (IllegalArgumentException e) {
                return new Loaded(null, e.getMessage(), e.getMessage());
            }
            try {
                Loader.load(dnnl.class);
                int isa = dnnl_get_effective_cpu_isa();
                boolean avx512 = (isa & dnnl_cpu_isa_avx512_core) == dnnl_cpu_isa_avx512_core;
                boolean amx = (isa & dnnl_cpu_isa_avx512_core_amx) == dnnl_cpu_isa_avx512_core_amx;
                if (Boolean.TRUE.equals(precision) && !avx512) {
                    String error = "-D" + PRECISION_PROPERTY + "=bf16: oneDNN 2.5 computes in bfloat16 only on CPUs"
                            + " with AVX-512, which this one lacks; use auto or f32";
                    return new Loaded(null, error, error);
                }
                dnnl_engine engine = new dnnl_engine();
                check(dnnl_engine_create(engine, dnnl_cpu, 0), "creating the CPU engine");
                boolean bf16 = precision == null ? amx : precision;
                return new Loaded(new OneDnn(engine, layout, avx512, bf16), "");
            } catch (LinkageError | RuntimeException e) {
                // no natives for this platform on the class path: the layers keep libnd4j's ops
                return new Loaded(null, "oneDNN natives not loaded: " + e);
            }
        }
    }
}
