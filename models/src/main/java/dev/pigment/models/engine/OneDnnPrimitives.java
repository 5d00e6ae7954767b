package dev.pigment.models.engine;

import static org.bytedeco.dnnl.global.dnnl.DNNL_ARG_FROM;
import static org.bytedeco.dnnl.global.dnnl.DNNL_ARG_TO;
import static org.bytedeco.dnnl.global.dnnl.dnnl_f32;
import static org.bytedeco.dnnl.global.dnnl.dnnl_memory_create;
import static org.bytedeco.dnnl.global.dnnl.dnnl_memory_desc_init_by_tag;
import static org.bytedeco.dnnl.global.dnnl.dnnl_memory_destroy;
import static org.bytedeco.dnnl.global.dnnl.dnnl_memory_set_data_handle;
import static org.bytedeco.dnnl.global.dnnl.dnnl_primitive_create;
import static org.bytedeco.dnnl.global.dnnl.dnnl_primitive_desc_create;
import static org.bytedeco.dnnl.global.dnnl.dnnl_primitive_desc_destroy;
import static org.bytedeco.dnnl.global.dnnl.dnnl_primitive_destroy;
import static org.bytedeco.dnnl.global.dnnl.dnnl_primitive_execute;
import static org.bytedeco.dnnl.global.dnnl.dnnl_reorder_primitive_desc_create;
import static org.bytedeco.dnnl.global.dnnl.dnnl_stream_create;
import static org.bytedeco.dnnl.global.dnnl.dnnl_stream_default_flags;
import static org.bytedeco.dnnl.global.dnnl.dnnl_stream_destroy;
import static org.bytedeco.dnnl.global.dnnl.dnnl_stream_wait;
import static org.bytedeco.dnnl.global.dnnl.dnnl_success;

import java.lang.ref.Cleaner;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import org.bytedeco.dnnl.const_dnnl_op_desc_t;
import org.bytedeco.dnnl.dnnl_exec_arg_t;
import org.bytedeco.dnnl.dnnl_memory;
import org.bytedeco.dnnl.dnnl_memory_desc_t;
import org.bytedeco.dnnl.dnnl_primitive;
import org.bytedeco.dnnl.dnnl_primitive_attr;
import org.bytedeco.dnnl.dnnl_primitive_desc;
import org.bytedeco.dnnl.dnnl_stream;
import org.bytedeco.javacpp.Pointer;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * What {@link OneDnnConvolution} and {@link OneDnnBatchNormalization} share: a stream, memories whose data handles
 * each call points at ND4J's arrays, primitives with their arguments, and the native handles, freed in reverse order by
 * {@link #close()} or, for an instance no longer reachable, by the garbage collector. Not thread-safe: one layer's
 * calls come one at a time.
 */
abstract class OneDnnPrimitives implements AutoCloseable {
    /** A primitive with its arguments. */
    record Call(dnnl_primitive primitive, dnnl_exec_arg_t args, int count) {
    }

    protected final OneDnn dnn;
    /** What the handles belong to, for error messages. */
    protected final String what;
    private final Handles handles = new Handles();
    private final Cleaner.Cleanable cleanable;
    private final dnnl_stream stream;
    /** The descriptor each memory was made with. */
    private final Map<dnnl_memory, dnnl_memory_desc_t> descs = new IdentityHashMap<>();

    OneDnnPrimitives(OneDnn dnn, String what) {
        this.dnn = dnn;
        this.what = what;
        this.cleanable = OneDnn.CLEANER.register(this, handles::close);
        // the free actions capture locals only: one that captured this would keep it reachable, never cleaned
        dnnl_stream s = new dnnl_stream();
        check(dnnl_stream_create(s, dnn.engine(), dnnl_stream_default_flags), "creating a stream");
        handles.add(() -> dnnl_stream_destroy(s));
        this.stream = s;
    }

    /**
     * The zero rows (or columns) before and after an input of {@code in} that give {@code out} outputs of a window of
     * {@code k} at stride {@code s} (dilation 1): in "same" mode the split DL4J's and TensorFlow's rule gives, the
     * smaller half before; otherwise {@code before} as configured, and after the input what the output size needs
     * (none where the last rows are left out). Null where no padding oneDNN can take gives {@code out}.
     */
    static int[] padding(boolean same, int before, long in, long out, int k, int s) {
        long total = (out - 1) * s + k - in;
        if (same && total < 0) {
            return null;
        }
        int first = (int) (same ? total / 2 : before);
        int last = (int) Math.max(0, total - first);
        return fits(in, out, k, s, first, last) ? new int[] {first, last} : null;
    }

    /** Whether a window of {@code k} at stride {@code s} over {@code in} padded by {@code before} and {@code after}
     * (neither negative) gives {@code out} outputs. */
    static boolean fits(long in, long out, int k, int s, int before, int after) {
        return before >= 0 && after >= 0 && (in + before + after - k) / s + 1 == out;
    }

    void check(int status, String doing) {
        if (status != dnnl_success) {   // the message only on failure: this runs for every primitive of every step
            OneDnn.check(status, doing + " (" + what + ")");
        }
    }

    /** A float32 descriptor of {@code dims} (logical order: N, C, H, W / O, I, H, W) laid out as {@code tag}. */
    static dnnl_memory_desc_t desc(long[] dims, int tag) {
        return desc(dims, tag, dnnl_f32);
    }

    /** As {@link #desc(long[], int)}, of oneDNN's data type {@code type} ({@code dnnl_f32}, {@code dnnl_bf16}). */
    static dnnl_memory_desc_t desc(long[] dims, int tag, int type) {
        dnnl_memory_desc_t d = new dnnl_memory_desc_t();
        OneDnn.check(dnnl_memory_desc_init_by_tag(d, dims.length, dims, type, tag), "describing memory");
        return d;
    }

    /** A memory of {@code d} whose data handle each call sets ({@link #set}). */
    dnnl_memory memory(dnnl_memory_desc_t d) {
        return memory(d, null);
    }

    /** A memory of {@code d} that oneDNN allocates and owns (for data in a primitive's own layout). */
    dnnl_memory allocated(dnnl_memory_desc_t d) {
        return memory(d, new OneDnn.Address(-1L));   // DNNL_MEMORY_ALLOCATE
    }

    private dnnl_memory memory(dnnl_memory_desc_t d, Pointer handle) {
        dnnl_memory m = new dnnl_memory();
        check(dnnl_memory_create(m, d, dnn.engine(), handle), "creating memory");
        handles.add(() -> dnnl_memory_destroy(m));
        descs.put(m, d);
        return m;
    }

    /** The descriptor {@code m} was made with. */
    dnnl_memory_desc_t descriptor(dnnl_memory m) {
        return descs.get(m);
    }

    dnnl_primitive_desc primitiveDesc(Pointer opDesc, dnnl_primitive_desc hint) {
        return primitiveDesc(opDesc, hint, null);
    }

    /** A primitive descriptor of {@code opDesc} with attributes {@code attr} (null: none), which it copies. */
    dnnl_primitive_desc primitiveDesc(Pointer opDesc, dnnl_primitive_desc hint, dnnl_primitive_attr attr) {
        dnnl_primitive_desc pd = new dnnl_primitive_desc();
        check(dnnl_primitive_desc_create(pd, new const_dnnl_op_desc_t(opDesc), attr, dnn.engine(), hint),
                "creating a primitive descriptor");
        handles.add(() -> dnnl_primitive_desc_destroy(pd));
        return pd;
    }

    /** {@code pd}'s primitive with {@code kindsAndMemories}: argument kinds and memories, alternating. */
    Call call(dnnl_primitive_desc pd, List<Object> kindsAndMemories) {
        dnnl_primitive p = new dnnl_primitive();
        check(dnnl_primitive_create(p, pd), "creating a primitive");
        handles.add(() -> dnnl_primitive_destroy(p));
        int n = kindsAndMemories.size() / 2;
        dnnl_exec_arg_t a = new dnnl_exec_arg_t(n);
        for (int i = 0; i < n; i++) {
            a.position(i).arg((int) kindsAndMemories.get(2 * i)).memory((dnnl_memory) kindsAndMemories.get(2 * i + 1));
        }
        return new Call(p, a.position(0), n);
    }

    /** A reorder from memory {@code from} to {@code to} (same data, other layouts). */
    Call reorder(dnnl_memory from, dnnl_memory to) {
        dnnl_primitive_desc pd = new dnnl_primitive_desc();
        check(dnnl_reorder_primitive_desc_create(pd, descs.get(from), dnn.engine(), descs.get(to), dnn.engine(),
                null), "describing a reorder");
        handles.add(() -> dnnl_primitive_desc_destroy(pd));
        return call(pd, List.of(DNNL_ARG_FROM, from, DNNL_ARG_TO, to));
    }

    void run(Call c) {
        check(dnnl_primitive_execute(c.primitive(), stream, c.count(), c.args()), "running a primitive");
    }

    /**
     * Waits for what {@link #run} queued; until then {@code arrays}, whose addresses the memories hold, stay
     * reachable (ND4J frees an array's buffer when the array is collected).
     */
    void finish(INDArray... arrays) {
        check(dnnl_stream_wait(stream), "waiting for the stream");
        java.lang.ref.Reference.reachabilityFence(arrays);
    }

    /**
     * Throws {@link IllegalArgumentException} unless {@code a} has {@code length} elements: oneDNN would read or
     * write past a shorter buffer.
     */
    void require(INDArray a, long length, String name) {
        if (a.length() != length) {
            throw new IllegalArgumentException(what + ": " + name + " has " + a.length() + " elements, expected "
                    + length + " (shape " + java.util.Arrays.toString(a.shape()) + ")");
        }
    }

    /** Points {@code m} at {@code a}'s data, which must be contiguous in {@code m}'s layout. */
    void set(dnnl_memory m, INDArray a) {
        check(dnnl_memory_set_data_handle(m, OneDnn.address(a)), "setting a data handle");
    }

    /** Points {@code m} at native memory at {@code address}, which must hold {@code m}'s layout. */
    void setAddress(dnnl_memory m, long address) {
        check(dnnl_memory_set_data_handle(m, new OneDnn.Address(address)), "setting a data handle");
    }

    @Override
    public void close() {
        cleanable.clean();
    }

    /**
     * A layer's primitives for the last {@link #SIZE} keys it met (training, validation and last batches differ),
     * least recently used closed first, and the keys oneDNN refused.
     */
    static final class Cache<K, V extends OneDnnPrimitives> {
        /** The most keys kept. */
        static final int SIZE = 4;
        private final Map<K, V> made = new java.util.LinkedHashMap<>(8, 0.75f, true);
        private final java.util.Set<K> refused = new java.util.HashSet<>();

        /**
         * The primitives for {@code key}, made by {@code make} on first use; null where oneDNN refused them (an
         * {@link IllegalStateException} from {@code make}), so that the caller takes libnd4j's ops instead.
         */
        V get(K key, java.util.function.Function<K, V> make) {
            if (refused.contains(key)) {
                return null;
            }
            V v = made.get(key);
            if (v == null) {
                try {
                    v = make.apply(key);
                } catch (IllegalStateException e) {
                    refused.add(key);
                    return null;
                }
                made.put(key, v);
                if (made.size() > SIZE) {
                    var eldest = made.entrySet().iterator();
                    eldest.next().getValue().close();
                    eldest.remove();
                }
            }
            return v;
        }

        int size() {
            return made.size();
        }
    }

    /** Native handles and how to free each; freed once, last made first. */
    private static final class Handles {
        private final List<Runnable> frees = new ArrayList<>();

        void add(Runnable free) {
            frees.add(free);
        }

        void close() {
            for (int i = frees.size() - 1; i >= 0; i--) {
                frees.get(i).run();
            }
            frees.clear();
        }
    }
}
