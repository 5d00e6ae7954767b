package dev.pigment.models.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.factory.Nd4j;

class SideThreadsTest {
    @Test
    void resultsComeInIndexOrderFromTheCallerAndTheHelpers() throws Exception {
        SideThreads side = new SideThreads("test", 1);
        Set<String> threads = ConcurrentHashMap.newKeySet();
        // the first two tasks wait for each other, so they must run on two threads at once
        CountDownLatch both = new CountDownLatch(2);
        List<Integer> squares = side.map(6, i -> {
            threads.add(Thread.currentThread().getName());
            if (i < 2) {
                both.countDown();
                try {
                    assertTrue(both.await(20, TimeUnit.SECONDS), "task " + i + " ran alone");
                } catch (InterruptedException e) {
                    throw new IllegalStateException(e);
                }
            }
            return i * i;
        });
        assertEquals(List.of(0, 1, 4, 9, 16, 25), squares);
        assertEquals(2, threads.size(), threads.toString());
        assertTrue(threads.contains(Thread.currentThread().getName()), threads.toString());
        assertTrue(threads.stream().anyMatch(n -> n.startsWith("pigment-test-")), threads.toString());
    }

    @Test
    void tasksSideBySideShareTheCallersOpenMpThreadsAndGetTheirCountsBack() throws Exception {
        assertTrue(Nd4j.getEnvironment().isCPU(), "the tests run on ND4J's CPU backend");   // loads ND4J first
        var ops = org.nd4j.nativeblas.NativeOpsHolder.getInstance().getDeviceNativeOps();
        int before = ops.ompGetMaxThreads();
        ops.setOmpNumThreads(4);
        try {
            SideThreads side = new SideThreads("omp", 1);
            for (int call = 0; call < 2; call++) {
                Map<String, Integer> seen = new ConcurrentHashMap<>();
                CountDownLatch both = new CountDownLatch(2);   // the two tasks run at once, one on each thread
                side.map(2, i -> {
                    seen.put(Thread.currentThread().getName(), ops.ompGetMaxThreads());
                    both.countDown();
                    try {
                        assertTrue(both.await(20, TimeUnit.SECONDS), "task " + i + " ran alone");
                    } catch (InterruptedException e) {
                        throw new IllegalStateException(e);
                    }
                    return i;
                });
                assertEquals(2, seen.size(), seen.toString());
                assertTrue(seen.values().stream().allMatch(c -> c == 2), "4 threads shared by 2: " + seen);
                assertEquals(4, ops.ompGetMaxThreads(), "the caller's count after call " + call);
            }
            // one task, or no helper: nothing to share, the count is left alone
            new SideThreads("omp", 0).map(2, i -> {
                assertEquals(4, ops.ompGetMaxThreads());
                return i;
            });
        } finally {
            ops.setOmpNumThreads(before);
        }
    }

    @Test
    void withoutHelpersEverythingRunsOnTheCaller() {
        SideThreads side = new SideThreads("alone", 0);
        String caller = Thread.currentThread().getName();
        assertEquals(List.of(caller, caller, caller), side.map(3, i -> Thread.currentThread().getName()));
        assertEquals(List.of(), side.map(0, i -> "never"));
        assertThrows(IllegalArgumentException.class, () -> side.map(-1, i -> "x"));
        assertThrows(IllegalArgumentException.class, () -> new SideThreads("negative", -1));
    }

    @Test
    void aFailureOnAnyThreadReachesTheCallerAndStopsNewWork() {
        for (boolean onHelper : new boolean[] {true, false}) {
            SideThreads side = new SideThreads("failing", 1);
            AtomicInteger started = new AtomicInteger();
            // tasks 0 and 1 run at once on the two threads (the latch); the one on the chosen thread fails
            CountDownLatch both = new CountDownLatch(2);
            IllegalStateException e = assertThrows(IllegalStateException.class, () -> side.map(50, i -> {
                started.incrementAndGet();
                if (i < 2) {
                    both.countDown();
                    await(both);
                    boolean helper = Thread.currentThread().getName().startsWith("pigment-failing-");
                    if (helper == onHelper) {
                        throw new IllegalStateException("task " + i + " failed on the "
                                + (helper ? "helper" : "caller"));
                    }
                    await(new CountDownLatch(1), 200);   // the other thread is still busy when the failure comes
                }
                return i;
            }));
            assertTrue(e.getMessage().endsWith(onHelper ? "on the helper" : "on the caller"), e.getMessage());
            assertTrue(started.get() < 50, started.get() + " tasks started after a failure");
            // the helpers still work afterwards
            assertEquals(List.of(0, 2, 4), side.map(3, i -> 2 * i));
        }
    }

    @Test
    void anInterruptedCallerStillWaitsForItsWorkAndKeepsTheInterrupt() {
        SideThreads side = new SideThreads("interrupted", 1);
        Thread.currentThread().interrupt();
        try {
            assertEquals(List.of(1, 2, 3, 4), side.map(4, i -> {
                await(new CountDownLatch(1), 20);
                return i + 1;
            }));
            assertTrue(Thread.currentThread().isInterrupted(), "the interrupt is kept");
        } finally {
            Thread.interrupted();
        }
    }

    @Test
    void helpersAreBoundedByTasksAndProcessors() {
        assertThrows(IllegalArgumentException.class, () -> SideThreads.forTasks("none", 0));
        String caller = Thread.currentThread().getName();
        // one task needs no helper
        assertEquals(List.of(caller), SideThreads.forTasks("one", 1).map(1, i -> Thread.currentThread().getName()));
    }

    private static void await(CountDownLatch latch) {
        try {
            assertTrue(latch.await(20, TimeUnit.SECONDS), "the other task did not start");
        } catch (InterruptedException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Waits {@code ms} (the latch never opens), without being cut short by an interrupt. */
    private static void await(CountDownLatch latch, long ms) {
        long end = System.nanoTime() + ms * 1_000_000;
        boolean interrupted = false;
        while (System.nanoTime() < end) {
            try {
                latch.await(end - System.nanoTime(), TimeUnit.NANOSECONDS);
            } catch (InterruptedException e) {
                interrupted = true;   // keep waiting, and keep the interrupt for map, which the test checks
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }

    @Test
    void nd4jWorkOnTheHelpersGivesTheSameNumbers() {
        SideThreads side = new SideThreads("nd4j", 1);
        List<double[]> expected = IntStream.range(0, 5).mapToObj(SideThreadsTest::work).toList();
        assertEquals(64 * 32 * 48 * 5, expected.get(4)[0], 1e-3);
        for (int round = 0; round < 3; round++) {
            List<double[]> got = side.map(5, SideThreadsTest::work);
            for (int i = 0; i < 5; i++) {
                assertTrue(java.util.Arrays.equals(expected.get(i), got.get(i)), "task " + i + ", round " + round);
            }
        }
        Object same = new Object();
        assertSame(same, side.map(1, i -> same).get(0));
    }

    /** A matrix product and a reduction whose value depends on {@code seed}: 64 · 32 · 48 · (seed + 1). */
    private static double[] work(int seed) {
        var x = Nd4j.create(DataType.FLOAT, 64, 32);
        Nd4j.gemm(Nd4j.ones(DataType.FLOAT, 64, 48).muli(seed + 1), Nd4j.ones(DataType.FLOAT, 48, 32), x, false, false,
                1.0, 0.0);
        return new double[] {x.sumNumber().doubleValue(), x.getDouble(63, 31)};
    }
}
