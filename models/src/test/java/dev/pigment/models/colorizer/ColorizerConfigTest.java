package dev.pigment.models.colorizer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.pigment.core.InputSpec;
import dev.pigment.core.color.AbBins;
import dev.pigment.models.engine.NativeUpsampling2D;
import dev.pigment.models.engine.NetworkSummary;
import java.util.List;
import org.deeplearning4j.nn.conf.graph.LayerVertex;
import org.junit.jupiter.api.Test;

class ColorizerConfigTest {
    private static List<String> names(ColorizerConfig c) {
        return c.layers(ColorizerHead.regression()).stream().map(NetworkSummary.LayerInfo::name).toList();
    }

    /** A classification head over {@code cells} a*b* cells of a 10-unit grid, uniform prior. */
    static ColorizerHead.Classification classification(int cells) {
        StringBuilder text = new StringBuilder("10");
        for (int q = 0; q < cells; q++) {
            text.append(" ").append(10 * (q % 20) - 100).append(":").append(10 * (q / 20) - 100).append(":")
                    .append(1.0 / cells).append(":1");
        }
        return new ColorizerHead.Classification(AbBins.parse(text.toString()), 0.38, 110f);
    }

    @Test
    void defaultIsAUNetWithFixedNames() {
        ColorizerConfig c = ColorizerConfig.unet64().seed(1).build();
        assertEquals(List.of(16, 32, 64, 128), c.widths());
        assertEquals(8, c.sizeMultiple());
        List<String> names = names(c);
        assertEquals(List.of("enc1_conv1", "enc1_bn1", "enc1_conv2", "enc1_bn2", "enc1_pool", "enc2_conv1"),
                names.subList(0, 6));
        assertTrue(names.containsAll(List.of("enc4_bn2", "dec3_up", "dec3_upconv", "dec3_upbn", "dec3_concat",
                "dec1_bn2", ColorizerConfig.HEAD, ColorizerConfig.OUTPUT)));
        assertFalse(names.contains("enc4_pool"), "no pooling after the bottleneck");
        List<NetworkSummary.LayerInfo> layers = c.layers(ColorizerHead.regression());
        NetworkSummary.LayerInfo head = layers.get(layers.size() - 2);
        assertEquals("64x64x2", head.output());
        // dec1 concatenates 16 upsampled and 16 skipped channels
        assertEquals("64x64x32", layers.stream().filter(l -> l.name().equals("dec1_concat")).findFirst()
                .orElseThrow().output());
        assertTrue(c.summary(ColorizerHead.regression()).contains("REGRESSION head (2 channels)"));
        assertTrue(c.forwardFlops(ColorizerHead.regression()) > 0);
        // the decoder's upsampling trains on pigment's layer (strided copies forward), not libnd4j's op
        var graph = c.graph(ColorizerHead.regression());
        for (String up : List.of("dec1_up", "dec2_up", "dec3_up")) {
            assertInstanceOf(NativeUpsampling2D.class,
                    ((LayerVertex) graph.getVertices().get(up)).getLayerConf().getLayer(), up);
        }
    }

    @Test
    void headsSkipsAndUpsamplingAreData() {
        ColorizerConfig plain = ColorizerConfig.unet64().skips(false).widths(8, 16, 32).seed(1).build();
        assertTrue(names(plain).stream().noneMatch(n -> n.endsWith("_concat")));
        ColorizerConfig transposed = ColorizerConfig.unet64().upsampling(ColorizerConfig.Upsampling.TRANSPOSED)
                .widths(8, 16).seed(1).build();
        List<String> t = names(transposed);
        assertTrue(t.contains("dec1_up") && t.contains("dec1_upbn") && !t.contains("dec1_upconv"), t.toString());
        ColorizerConfig cls = ColorizerConfig.unet64().head(ColorizerConfig.Head.CLASSIFICATION).widths(8, 16)
                .seed(1).build();
        List<NetworkSummary.LayerInfo> layers = cls.layers(classification(313));
        assertEquals("64x64x313", layers.get(layers.size() - 2).output());
        assertThrows(IllegalArgumentException.class, () -> cls.graph(ColorizerHead.regression()),
                "a head of another kind than the configuration's");
        assertThrows(IllegalArgumentException.class, () -> classification(1), "one cell is no classification");
        // toBuilder keeps everything
        assertEquals(cls, cls.toBuilder().build());
    }

    @Test
    void badSettingsNameTheProblem() {
        assertMessage("colour space must be LAB_L", () -> ColorizerConfig.builder(InputSpec.rgb(64, 64)).seed(1)
                .build());
        assertMessage("multiple of 8", () -> ColorizerConfig.builder(InputSpec.lightness(60, 64)).seed(1).build());
        assertMessage("widths", () -> ColorizerConfig.unet64().widths(32).seed(1).build());
        ColorizerConfig.Builder cls = ColorizerConfig.unet64().head(ColorizerConfig.Head.CLASSIFICATION).seed(1);
        assertMessage("temperature", () -> cls.temperature(0).build());
        assertMessage("rebalancing", () -> cls.temperature(0.38).rebalancing(1.5).build());
        assertMessage("temperature applies to the classification head only",
                () -> ColorizerConfig.unet64().temperature(0.5).seed(1).build());
        assertMessage("rebalancing applies to the classification head only",
                () -> ColorizerConfig.unet64().rebalancing(0.7).seed(1).build());
        assertMessage("loss L1 applies to the regression head only", () -> cls.temperature(0.38).rebalancing(0.5)
                .loss(ColorizerConfig.Loss.L1).build());
        assertMessage("seed", () -> ColorizerConfig.unet64().build());
        assertMessage("workingSide", () -> ColorizerConfig.unet64().workingSide(4).seed(1).build());
    }

    private static void assertMessage(String part, org.junit.jupiter.api.function.Executable e) {
        IllegalArgumentException x = assertThrows(IllegalArgumentException.class, e);
        assertTrue(x.getMessage().contains(part), x.getMessage());
    }

    @Test
    void theRegressionLossIsDataStoredWithTheHead() {
        ColorizerConfig l2 = ColorizerConfig.unet64().seed(1).build();
        assertEquals(ColorizerConfig.Loss.L2, l2.loss());
        ColorizerConfig l1 = l2.toBuilder().loss(ColorizerConfig.Loss.L1).build();
        assertEquals(ColorizerConfig.Loss.L1, l1.loss());
        assertEquals(l1, l1.toBuilder().build());
        ColorizerHead.Regression head = (ColorizerHead.Regression) ColorizerHead.of(l1, null);
        assertEquals(ColorizerConfig.Loss.L1, head.loss());
        assertThrows(IllegalArgumentException.class, () -> l1.graph(ColorizerHead.regression()),
                "a regression head with another loss than the configuration's");
        assertEquals(l1.forwardFlops(head), l2.forwardFlops(ColorizerHead.regression()));
        assertTrue(head.loss(org.deeplearning4j.nn.conf.CNN2DFormat.NHWC).getLossFn()
                instanceof org.nd4j.linalg.lossfunctions.impl.LossL1);
        assertTrue(ColorizerHead.regression().loss(org.deeplearning4j.nn.conf.CNN2DFormat.NHWC).getLossFn()
                instanceof org.nd4j.linalg.lossfunctions.impl.LossMSE);
        // the model file's settings give the head back; files from before the loss was stored were trained with L1
        assertEquals(head, ColorizerHead.fromMetadata(head.metadata()));
        java.util.Properties old = ColorizerHead.regression().metadata();
        old.remove("loss");
        assertEquals(ColorizerConfig.Loss.L1, ((ColorizerHead.Regression) ColorizerHead.fromMetadata(old)).loss());
        old.setProperty("loss", "L3");
        assertThrows(IllegalArgumentException.class, () -> ColorizerHead.fromMetadata(old));
    }
}
