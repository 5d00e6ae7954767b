package dev.pigment.models.engine;

import org.deeplearning4j.nn.graph.ComputationGraph;
import org.nd4j.linalg.api.blas.Blas;
import org.nd4j.linalg.api.memory.MemoryWorkspace;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * pigment's training and inference engine on DL4J 1.0.0-M2.1: DL4J networks ({@code ComputationGraph},
 * {@code MultiLayerNetwork}) built from {@link NativeConvolution}, {@link NativeBatchNormalization},
 * {@link NativeSubsampling} and {@link NativeDense}, which call oneDNN (on CPU) or libnd4j's native ops directly,
 * with DL4J's output and other layers, in NHWC. The
 * measurements that chose it are in {@code docs/engine.md}; in short, for the benchmark CNN on 2 cores it trains
 * several times faster than DL4J's stock layers, which recompute each convolution's forward pass during backprop,
 * and whose oneDNN helpers M2.1 never enables (a reflective lookup of a class that moved).
 *
 * <p>Runtime settings that matter: {@code OMP_NUM_THREADS} = physical cores (ND4J's default), OpenBLAS on one
 * thread, and nd4j-native's {@code onednn-avx2} natives. pigment's own calls (training, evaluation, classification,
 * colorization) run inside {@link #scope()}, which sets OpenBLAS to one thread and restores the previous count when
 * the call returns; {@link #configureRuntime()} sets it for good, for your own training loops.
 */
public final class Engine {
    private Engine() {
    }

    /**
     * Configures ND4J's process-wide runtime for pigment's engine: OpenBLAS on a single thread. The convolutions run
     * in oneDNN on OpenMP threads (all cores); OpenBLAS's own worker threads, which ND4J starts one per core, spin
     * on {@code sched_yield} after every BLAS call and took a third of each training step from them on 2 cores
     * (62.6 → 40.9 ms per step for the benchmark CNN, same JVM, docs/engine.md). pigment's benchmarks call this,
     * and pigment's own calls do the same inside a {@link #scope()}; call this when you train pigment layers in your
     * own loop. Idempotent; process-wide: it affects every ND4J user in the JVM until changed again.
     */
    public static void configureRuntime() {
        Nd4j.factory().blas().setMaxThreads(1);
    }

    /**
     * pigment's runtime settings for the length of a {@code try} block: OpenBLAS on one thread (see
     * {@link #configureRuntime()}) while any scope is open, on any thread, and the thread count from before the first
     * one restored when the last one closes. Scopes nest; closing one twice has no further effect.
     */
    public static Scope scope() {
        Runtime.open();
        boolean[] closed = {false};
        return () -> {
            synchronized (closed) {
                if (!closed[0]) {
                    closed[0] = true;
                    Runtime.close();
                }
            }
        };
    }

    /**
     * The open scopes, counted across threads. The BLAS thread count is process-wide native state, so the count of
     * scopes that hold it is kept once per process too.
     */
    private static final class Runtime {
        private static final Object LOCK = new Object();
        private static int open;
        private static int before;

        static void open() {
            synchronized (LOCK) {
                if (open++ == 0) {
                    Blas blas = Nd4j.factory().blas();
                    before = blas.getMaxThreads();
                    if (before != 1) {
                        blas.setMaxThreads(1);
                    }
                }
            }
        }

        static void close() {
            synchronized (LOCK) {
                if (--open == 0 && before != 1) {
                    Nd4j.factory().blas().setMaxThreads(before);
                }
            }
        }
    }

    /**
     * Sizes the calling thread's ND4J workspaces now to the most memory each has held in one cycle, where that is
     * more than it has, leaving alone any workspace in use. Call it between training steps, on the thread that
     * trains; pigment's training loop does, after every step.
     *
     * <p>Why: DL4J 1.0.0-M2.1 learns the size of a {@code ComputationGraph}'s activation-gradient workspaces over as
     * many cycles as the graph has vertices (a dozen steps for the colorizer's U-Net), and until then puts every
     * array that does not fit in memory of its own, allocated and freed one array at a time. glibc keeps what those
     * frees hand back, so the colorizer trained at a peak of 1.4–1.6 GiB where it needs 0.75 (docs/engine.md,
     * "Memory"). Sized after the first step, the workspaces hold every later step.
     *
     * @return how many workspaces it resized
     */
    public static int settleWorkspaces() {
        int resized = 0;
        for (MemoryWorkspace ws : Nd4j.getWorkspaceManager().getAllWorkspacesForCurrentThread()) {
            if (!ws.isScopeActive() && ws.getMaxCycleAllocations() > ws.getCurrentSize()) {
                ws.initializeWorkspace();
                resized++;
            }
        }
        return resized;
    }

    /** The settings of a {@link #scope()}; closing restores what was there before. */
    @FunctionalInterface
    public interface Scope extends AutoCloseable {
        /** Restores the settings the scope replaced. */
        @Override
        void close();
    }

    /**
     * One inference pass of {@code net} on a batch, holding the network's lock (the monitor DL4J's own {@code output}
     * methods synchronise on, so training, saving and inference on one network never overlap); the result is
     * detached from DL4J's workspaces. A batch that does not fit in the off-heap memory ND4J may use fails with an
     * {@link IllegalStateException} that says so and what to change, not DL4J's bare "error during forward pass".
     *
     * @param what the batch in words, for that message ("a batch of 64 images of 28x28")
     */
    public static INDArray forward(ComputationGraph net, INDArray features, String what) {
        try {
            synchronized (net) {
                return net.outputSingle(false, features);
            }
        } catch (RuntimeException | OutOfMemoryError e) {
            for (Throwable t = e; t != null; t = t.getCause()) {
                if (t instanceof OutOfMemoryError oom) {
                    throw new IllegalStateException(what + " does not fit in the memory ND4J may use ("
                            + oom.getMessage() + "): use smaller batches, or raise the limits with"
                            + " -Dorg.bytedeco.javacpp.maxbytes and -Dorg.bytedeco.javacpp.maxphysicalbytes"
                            + " (README, \"Memory\")", e);
                }
            }
            throw e;
        }
    }

    /**
     * How pigment's convolution, batch normalisation, pooling and upsampling layers compute, in words: on oneDNN called
     * directly (and whether convolutions compute in bfloat16, as on Intel AMX by default), or through libnd4j's ops
     * and why (no oneDNN natives on the class path, {@code -Dpigment.onednn=false}, another backend). See
     * docs/engine.md.
     */
    public static String layers() {
        String off = OneDnn.status();
        if (off.isEmpty()) {
            return "convolutions, batch normalisation, max pooling and nearest upsampling on oneDNN 2.5.2 directly"
                    + (OneDnn.get().orElseThrow().bf16() ? ", NHWC convolutions of 16 or more channels in bfloat16 (float32 sums)" : "");
        }
        return "convolutions, batch normalisation, max pooling and upsampling through libnd4j's ops (" + off + ")";
    }

    /** Whether the loaded libnd4j was built with oneDNN (nd4j-native's {@code -onednn*} classifiers). */
    public static boolean hasOneDnn() {
        try {
            Class<?> c = Class.forName("org.nd4j.linalg.cpu.nativecpu.bindings.Nd4jCpu$Environment");
            Object env = c.getMethod("getInstance").invoke(null);
            return (Boolean) c.getMethod("isUseONEDNN").invoke(env);
        } catch (ReflectiveOperationException | LinkageError e) {
            return false;
        }
    }
}
