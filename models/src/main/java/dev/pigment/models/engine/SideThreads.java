package dev.pigment.models.engine;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntFunction;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.nativeblas.NativeOps;
import org.nd4j.nativeblas.NativeOpsHolder;

/**
 * Runs independent pieces of ND4J work (the members of an ensemble) side by side: on the calling thread and on up
 * to {@code cores − 1} helper threads. One network's small ops leave the cores idle part of the time (its Java side
 * runs on one thread), so two networks at once finish sooner than one after the other: five colorizer members at
 * 232×128 took a median 103–107 ms instead of 130–140 ms on a 2-vCPU AMD EPYC Zen 5 (family 26, model 2). While
 * tasks run side by side, each runs its native ops on its share of the caller's OpenMP threads (ND4J's CPU backend
 * only: elsewhere the count is process-wide and is left alone).
 *
 * <p>The helpers are made on first use and kept while busy: ND4J keeps its workspaces per thread, so a new thread
 * per call starts cold (it was slower than one thread alone there). They are daemon threads and end after
 * {@value #IDLE_SECONDS} s without work. Results come back in index order whichever thread computed them, so a
 * caller that combines them in that order gets the same numbers as from a sequential loop.
 */
public final class SideThreads {
    /** Seconds a helper thread waits for work before it ends. */
    public static final int IDLE_SECONDS = 30;
    /** Whether ND4J runs on its CPU backend, where libnd4j's OpenMP thread count is kept per thread. */
    private static final boolean CPU = Nd4j.getEnvironment().isCPU();

    private final String name;
    private final int helpers;
    private ThreadPoolExecutor pool;

    /**
     * Side threads named after {@code name} for up to {@code tasks} tasks at a time: one fewer than the tasks or than
     * the JVM's processors, whichever is less (none on one processor or for one task).
     *
     * @param name what the threads work for, in their names
     * @param tasks the most tasks one call runs, at least 1
     * @throws IllegalArgumentException if {@code tasks} is below 1
     */
    public static SideThreads forTasks(String name, int tasks) {
        if (tasks < 1) {
            throw new IllegalArgumentException("tasks must be >= 1, got " + tasks);
        }
        return new SideThreads(name, Math.min(tasks, Runtime.getRuntime().availableProcessors()) - 1);
    }

    /**
     * Side threads named after {@code name}.
     *
     * @param helpers helper threads beside the caller, at least 0
     * @throws IllegalArgumentException if {@code helpers} is negative
     */
    public SideThreads(String name, int helpers) {
        this.name = Objects.requireNonNull(name, "name");
        if (helpers < 0) {
            throw new IllegalArgumentException("helpers must be >= 0, got " + helpers);
        }
        this.helpers = helpers;
    }

    /**
     * {@code task.apply(i)} for every i in 0..n−1, on the calling thread and the helpers (each takes the next index
     * when it is free), in index order. After a failure no new index is started; the first failure is rethrown once
     * the work under way has stopped. The wait for the helpers is not interruptible (an interrupt is kept for the
     * caller), so the work never outlives the call.
     *
     * @throws IllegalArgumentException if {@code n} is negative
     */
    public <T> List<T> map(int n, IntFunction<T> task) {
        if (n < 0) {
            throw new IllegalArgumentException("n must be >= 0, got " + n);
        }
        Object[] results = new Object[n];
        AtomicInteger next = new AtomicInteger();
        int side = Math.min(helpers, n - 1);
        // each thread's share of the caller's OpenMP threads, or 0 to leave the counts alone
        int share = side > 0 && CPU ? Math.max(1, ompThreads() / (side + 1)) : 0;
        Runnable drain = () -> {
            try {
                for (int i = next.getAndIncrement(); i < n; i = next.getAndIncrement()) {
                    results[i] = share > 0 ? onOpenMpThreads(share, task, i) : task.apply(i);
                }
            } catch (RuntimeException | Error e) {
                next.set(n);
                throw e;
            }
        };
        // per helper task: 0 queued, 1 started, 2 dropped by the caller (it found the work done before the task began)
        List<AtomicInteger> states = new ArrayList<>(Math.max(side, 0));
        List<Future<?>> running = new ArrayList<>(Math.max(side, 0));
        for (int h = 0; h < side; h++) {
            AtomicInteger state = new AtomicInteger();
            states.add(state);
            running.add(pool().submit(() -> {
                if (state.compareAndSet(0, 1)) {
                    drain.run();
                }
            }));
        }
        Throwable failure = null;
        try {
            drain.run();
        } catch (RuntimeException | Error e) {
            failure = e;
        }
        boolean interrupted = false;
        for (int h = 0; h < running.size(); h++) {
            if (states.get(h).compareAndSet(0, 2)) {
                continue;   // not begun (another call may be keeping the helpers busy): nothing left for it to do
            }
            while (true) {
                try {
                    running.get(h).get();
                    break;
                } catch (ExecutionException e) {
                    failure = failure == null ? e.getCause() : failure;
                    break;
                } catch (InterruptedException e) {
                    interrupted = true;
                }
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
        if (failure instanceof RuntimeException r) {
            throw r;
        }
        if (failure instanceof Error e) {
            throw e;
        }
        if (failure != null) {
            throw new IllegalStateException(name + ": a task failed", failure);
        }
        @SuppressWarnings("unchecked")
        List<T> list = (List<T>) Collections.unmodifiableList(Arrays.asList(results));
        return list;
    }

    /**
     * {@code task.apply(i)} with this thread's OpenMP thread count (libgomp keeps it per thread) set to {@code share}
     * and restored afterwards: two Java threads that each start their native ops on every core oversubscribe them.
     * Five colorizer U-Nets at 232×128 side by side took a median 76 ms with one OpenMP thread each against 88 ms
     * with two (2-vCPU AMD EPYC Zen 5, family 26 model 2).
     */
    private static <T> T onOpenMpThreads(int share, IntFunction<T> task, int i) {
        NativeOps ops = NativeOpsHolder.getInstance().getDeviceNativeOps();
        int before = ops.ompGetMaxThreads();
        ops.setOmpNumThreads(share);
        try {
            return task.apply(i);
        } finally {
            ops.setOmpNumThreads(before);
        }
    }

    /** The calling thread's OpenMP thread count. */
    private static int ompThreads() {
        return NativeOpsHolder.getInstance().getDeviceNativeOps().ompGetMaxThreads();
    }

    private synchronized ThreadPoolExecutor pool() {
        if (pool == null) {
            AtomicInteger count = new AtomicInteger();
            pool = new ThreadPoolExecutor(helpers, helpers, IDLE_SECONDS, TimeUnit.SECONDS, new LinkedBlockingQueue<>(),
                    r -> {
                        Thread t = new Thread(r, "pigment-" + name + "-" + count.incrementAndGet());
                        t.setDaemon(true);
                        return t;
                    });
            pool.allowCoreThreadTimeOut(true);
        }
        return pool;
    }
}
