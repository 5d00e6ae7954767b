package dev.pigment.models.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.pigment.models.colorizer.ColorizerConfig;
import dev.pigment.models.colorizer.ColorizerHead;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.memory.MemoryWorkspace;
import org.nd4j.linalg.api.memory.conf.WorkspaceConfiguration;
import org.nd4j.linalg.api.memory.enums.LearningPolicy;
import org.nd4j.linalg.api.memory.enums.SpillPolicy;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;

/** {@link Engine#settleWorkspaces()}: workspaces sized after the first step hold the later ones. */
class EngineWorkspacesTest {

    /** Workspaces are per thread: each check runs on a thread of its own, which starts with none. */
    private static void onFreshThread(Runnable check) throws Exception {
        ExecutorService thread = Executors.newSingleThreadExecutor();
        try {
            thread.submit(() -> {
                try {
                    check.run();
                } finally {
                    Nd4j.getWorkspaceManager().destroyAllWorkspacesForCurrentThread();
                }
            }).get();
        } finally {
            thread.shutdownNow();
        }
    }

    private static Map<String, Long> sizes() {
        Map<String, Long> sizes = new HashMap<>();
        for (MemoryWorkspace ws : Nd4j.getWorkspaceManager().getAllWorkspacesForCurrentThread()) {
            sizes.put(ws.getId(), ws.getCurrentSize());
        }
        return sizes;
    }

    @Test
    void theUNetsGradientWorkspacesAreSizedAfterOneStepAndHoldTheNext() throws Exception {
        onFreshThread(() -> {
            ComputationGraph net = new ComputationGraph(ColorizerConfig.unet64().seed(3).build()
                    .graph(ColorizerHead.regression()));
            net.init();
            // the test's own generator: ND4J's global one is left alone
            DataSet batch = new DataSet(LayerChecks.random(5, 4, 64, 64, 1), LayerChecks.random(6, 4, 64, 64, 2));
            net.fit(batch);
            // DL4J M2.1 is still learning its per-layer gradient workspaces' sizes after one step
            boolean learning = Nd4j.getWorkspaceManager().getAllWorkspacesForCurrentThread().stream()
                    .anyMatch(ws -> ws.getMaxCycleAllocations() > ws.getCurrentSize());
            assertTrue(learning, "no workspace was left to size after one step: " + sizes());

            assertTrue(Engine.settleWorkspaces() > 0);
            for (MemoryWorkspace ws : Nd4j.getWorkspaceManager().getAllWorkspacesForCurrentThread()) {
                assertTrue(ws.getCurrentSize() >= ws.getMaxCycleAllocations(), ws.getId() + ": "
                        + ws.getCurrentSize() + " bytes for a cycle of " + ws.getMaxCycleAllocations());
            }
            Map<String, Long> settled = sizes();
            for (int step = 0; step < 3; step++) {
                net.fit(batch);
                assertEquals(0, Engine.settleWorkspaces(), "step " + step + " outgrew a workspace");
            }
            // nothing was reallocated: every later step fitted in the sizes the first one set
            assertEquals(settled, sizes());
        });
    }

    @Test
    void aWorkspaceInUseIsLeftAloneAndSizedOnceClosed() throws Exception {
        onFreshThread(() -> {
            WorkspaceConfiguration learning = WorkspaceConfiguration.builder().initialSize(0)
                    .policyLearning(LearningPolicy.OVER_TIME).cyclesBeforeInitialization(100)
                    .policySpill(SpillPolicy.REALLOCATE).build();
            MemoryWorkspace used;
            try (MemoryWorkspace ws = Nd4j.getWorkspaceManager().getAndActivateWorkspace(learning, "pigment-test")) {
                used = ws;
                INDArray a = Nd4j.create(DataType.FLOAT, 1000).assign(3);
                assertEquals(0, Engine.settleWorkspaces());
                assertEquals(0, ws.getCurrentSize());
                assertEquals(3f, a.getFloat(999));
            }
            assertEquals(1, Engine.settleWorkspaces());
            assertTrue(used.getCurrentSize() >= 4000, "size " + used.getCurrentSize());
        });
    }
}
