package dev.pigment.models.engine;

import static org.bytedeco.dnnl.global.dnnl.dnnl_cpu;
import static org.bytedeco.dnnl.global.dnnl.dnnl_engine_create;
import static org.bytedeco.dnnl.global.dnnl.dnnl_success;

import java.lang.ref.Cleaner;
import java.util.Optional;
import org.bytedeco.dnnl.dnnl_engine;
import org.bytedeco.dnnl.global.dnnl;
import org.bytedeco.javacpp.Loader;
import org.bytedeco.javacpp.Pointer;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * oneDNN (the oneAPI Deep Neural Network Library, <a href="https://github.com/oneapi-src/oneDNN">oneDNN</a>) called
 * directly through JavaCPP's presets ({@code org.bytedeco:dnnl}), for the convolutions of
 * {@link NativeConvolutionLayer} on CPUs ({@link OneDnnConvolution}). libnd4j M2.1 calls oneDNN 2.3 too, but creates
 * its primitives, reorders and scratch buffers anew in every op call; here they are made once per layer and shape
 * and the activations stay in the network's NHWC or NCHW layout. docs/engine.md has the measurements.
 *
 * <p>Used where ND4J runs on its CPU backend, the natives ({@code org.bytedeco:dnnl} and {@code org.bytedeco:opencl}
 * with the platform's classifier) are on the class path and the system property {@value #PROPERTY} is not
 * {@code false}. Otherwise the layers call libnd4j's ops, as before: same results to float rounding.
 */
final class OneDnn {
    /** The system property that turns the direct path off: {@code -Dpigment.onednn=false}. */
    static final String PROPERTY = "pigment.onednn";

    /** Releases native handles of objects no longer reachable. */
    static final Cleaner CLEANER = Cleaner.create();

    private final dnnl_engine engine;

    private OneDnn(dnnl_engine engine) {
        this.engine = engine;
    }

    /** The CPU engine, made on first use; empty where the direct path is off or its natives cannot load. */
    static Optional<OneDnn> get() {
        return Optional.ofNullable(Holder.LOADED.dnn());
    }

    /** Why the direct path is off, or an empty string where it is on: for reports. */
    static String status() {
        return Holder.LOADED.reason();
    }

    dnnl_engine engine() {
        return engine;
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

    /** A pointer to a native address that JavaCPP does not own. */
    static final class Address extends Pointer {
        Address(long value) {
            address = value;
        }
    }

    /** The engine, or null and why not. */
    private record Loaded(OneDnn dnn, String reason) {
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
            try {
                Loader.load(dnnl.class);
                dnnl_engine engine = new dnnl_engine();
                check(dnnl_engine_create(engine, dnnl_cpu, 0), "creating the CPU engine");
                return new Loaded(new OneDnn(engine), "");
            } catch (LinkageError | RuntimeException e) {
                // no natives for this platform on the class path: the layers keep libnd4j's ops
                return new Loaded(null, "oneDNN natives not loaded: " + e);
            }
        }
    }
}
