package dev.pigment.models.classifier;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.pigment.core.InputSpec;
import dev.pigment.models.engine.NetworkSummary;
import java.util.List;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.junit.jupiter.api.Test;

class ClassifierConfigTest {

    @Test
    void namedDefaultsDescribeThemselvesAndMatchTheNetwork() {
        for (ClassifierConfig c : List.of(ClassifierConfig.small28(10).seed(1).build(),
                ClassifierConfig.small32(10).seed(1).build(), ClassifierConfig.photo128(5).seed(1).build())) {
            List<NetworkSummary.LayerInfo> layers = c.layers();
            assertEquals(ClassifierConfig.OUTPUT, layers.get(layers.size() - 1).name());
            assertEquals("[" + c.numClasses() + "]", layers.get(layers.size() - 1).output());
            ComputationGraph net = new ComputationGraph(c.graph());
            net.init();
            // the description's parameter count is the allocated network's
            assertEquals(net.numParams(), c.numParams(), c.toString());
            assertTrue(c.summary().contains("MFLOP"));
        }
    }

    @Test
    void layerNamesAreFixedAndResidualStagesHaveShortcuts() {
        ClassifierConfig c = ClassifierConfig.photo128(3).seed(1).build();
        List<String> names = c.layers().stream().map(NetworkSummary.LayerInfo::name).toList();
        assertEquals(List.of("s1_conv1", "s1_bn1", "s2_conv1", "s2_bn1", "s2_conv2", "s2_bn2",
                "s2_shortcut", "s2_shortcut_bn", "s2_add", "s2_out", "s2_pool"), names.subList(0, 11));
        assertEquals("64x64x32", c.layers().get(0).output());   // the strided stem halves 128
        assertEquals(ClassifierConfig.GAP, c.featuresVertex());
        assertTrue(names.contains("gap"));

        ClassifierConfig flat = ClassifierConfig.small28(10).seed(1).build();
        assertEquals("s3_pool", flat.featuresVertex());
        assertTrue(flat.layers().stream().anyMatch(l -> l.name().equals("fc1") && l.output().equals("[256]")));
    }

    @Test
    void receptiveFieldsPassThroughDropoutAndCoverTheInputAfterFlattening() {
        List<NetworkSummary.LayerInfo> layers = ClassifierConfig.small28(10).seed(1).build().layers();
        java.util.Map<String, NetworkSummary.LayerInfo> byName = new java.util.HashMap<>();
        layers.forEach(l -> byName.put(l.name(), l));
        assertEquals(3, byName.get("s1_conv1").receptiveField());
        assertEquals(4, byName.get("s1_pool").receptiveField(), "a 2x2 pool adds one pixel at stride 1");
        assertEquals(2.0, byName.get("s1_pool").stride());
        NetworkSummary.LayerInfo dropout = byName.get("fc1_dropout");
        NetworkSummary.LayerInfo before = layers.get(layers.indexOf(dropout) - 1);
        assertTrue(dropout.output().contains("x"), "dropout on a spatial output: " + dropout);
        assertEquals(before.receptiveField(), dropout.receptiveField(), "dropout changes no field");
        assertEquals(before.stride(), dropout.stride());
        assertEquals(28, byName.get("fc1").receptiveField(), "a dense layer sees the whole input");
        assertEquals(28, byName.get("output").receptiveField());
    }

    @Test
    void badConfigurationsAreRejectedWithTheReason() {
        InputSpec spec = Stripes.SPEC;
        assertTrue(assertThrows(IllegalArgumentException.class,
                () -> ClassifierConfig.builder(spec, 1).stage(Stage.of(8, 1)).seed(1).build())
                .getMessage().contains("at least 2 classes"));
        assertTrue(assertThrows(IllegalArgumentException.class,
                () -> ClassifierConfig.builder(spec, 3).seed(1).build()).getMessage().contains("stage"));
        assertTrue(assertThrows(IllegalArgumentException.class,
                () -> ClassifierConfig.builder(spec, 3).stage(Stage.of(8, 1)).build()).getMessage()
                .contains("seed"));
        ClassifierConfig.Builder deep = ClassifierConfig.builder(spec, 3).seed(1);
        for (int i = 0; i < 6; i++) {
            deep.stage(Stage.of(8, 1));
        }
        assertTrue(assertThrows(IllegalArgumentException.class, deep::build).getMessage()
                .contains("too small for 6 stages"));
        assertThrows(IllegalArgumentException.class, () -> Stage.of(0, 1));
        assertThrows(IllegalArgumentException.class, () -> Stage.of(8, 1).withDropout(1.0));
        assertThrows(IllegalArgumentException.class,
                () -> ClassifierConfig.builder(spec, 3).stage(Stage.of(8, 1)).seed(1).headDropout(-0.1).build());
    }

    @Test
    void isImmutable() {
        ClassifierConfig.Builder b = Stripes.config(3);
        ClassifierConfig c = b.build();
        b.stage(Stage.of(32, 1));
        assertEquals(2, c.stages().size());
        ClassifierConfig wider = c.toBuilder().stage(Stage.of(32, 1).withDownsampling(Downsampling.NONE)).build();
        assertEquals(3, wider.stages().size());
        assertEquals(2, c.stages().size());
        c.optimizer().updater().setLrAndSchedule(0.5, null);
        assertEquals(1e-3, c.optimizer().updater().getLearningRate(0, 0), 0);
        // a record: toBuilder keeps every component, and equal configurations are equal
        assertEquals(c, c.toBuilder().build());
        assertNotEquals(c, c.toBuilder().seed(c.seed() + 1).build());
    }
}
