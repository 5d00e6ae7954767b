package dev.pigment.benchmarks;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;

/** Every engine variant trains the workload it is timed on, and pigment's variants compute what DL4J's do. */
class EngineVariantTest {
    private static Network create(EngineVariant engine) {
        if (!engine.needsHelpers()) {
            return engine.create(Workload.SMALL_CNN, 42);
        }
        String before = System.getProperty(EngineVariant.HELPERS_PROPERTY);
        System.setProperty(EngineVariant.HELPERS_PROPERTY, "false");   // read when layers are created
        try {
            return engine.create(Workload.SMALL_CNN, 42);
        } finally {
            if (before == null) {
                System.clearProperty(EngineVariant.HELPERS_PROPERTY);
            } else {
                System.setProperty(EngineVariant.HELPERS_PROPERTY, before);
            }
        }
    }

    @ParameterizedTest
    @EnumSource(EngineVariant.class)
    void outputsProbabilitiesAndLearnsTheBatch(EngineVariant engine) {
        Network net = create(engine);
        DataSet data = Workload.SMALL_CNN.batch(32, engine.format, 7);
        INDArray out = net.output(data.getFeatures());
        assertArrayEquals(new long[] {32, 10}, out.shape());
        INDArray rowSums = out.sum(1);
        for (int i = 0; i < 32; i++) {
            assertEquals(1.0, rowSums.getDouble(i), 1e-4);
        }
        double before = net.score(data);
        for (int i = 0; i < 40; i++) {
            net.fit(data);
        }
        double after = net.score(data);
        assertTrue(after < before * 0.5, engine + ": loss " + before + " -> " + after);
    }

    @Test
    void pigmentComputesWhatDl4jsLayersCompute() {
        for (EngineVariant[] pair : new EngineVariant[][] {{EngineVariant.PIGMENT_NCHW, EngineVariant.DL4J},
                {EngineVariant.PIGMENT, EngineVariant.DL4J_ONEDNN_NHWC}}) {
            MultiLayerNetwork ours = new MultiLayerNetwork(pair[0].configuration(Workload.SMALL_CNN, 42));
            MultiLayerNetwork stock = new MultiLayerNetwork(pair[1].configuration(Workload.SMALL_CNN, 42));
            ours.init();
            stock.init();
            ours.setParams(stock.params().dup());
            DataSet data = Workload.SMALL_CNN.batch(16, pair[0].format, 3);
            assertTrue(ours.output(data.getFeatures()).equalsWithEps(stock.output(data.getFeatures()), 1e-5));
            ours.fit(data);
            stock.fit(data);
            assertTrue(ours.params().equalsWithEps(stock.params(), 1e-5), pair[0] + " vs " + pair[1] + " after a step");
        }
    }

    @Test
    void helperVariantsRefuseToRunWithoutTheirProperty() {
        assertThrows(IllegalStateException.class, () -> EngineVariant.DL4J_ONEDNN.create(Workload.SMALL_CNN, 1));
    }

    @Test
    void flopsOfTheWorkloadAreTheIssuesFigure() {
        long forward = EngineVariant.forwardFlops(Workload.SMALL_CNN);
        assertEquals(2L * (28 * 28 * 32 * 9 + 14 * 14 * 64 * 9 * 32 + 3136 * 128 + 128 * 10), forward);
        assertEquals(25.45e6, 3.0 * forward, 0.01e6);
    }
}
