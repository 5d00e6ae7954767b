package dev.pigment.models.colorizer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.pigment.core.InputSpec;
import dev.pigment.models.engine.NetworkSummary;
import java.util.List;
import org.junit.jupiter.api.Test;

class ColorizerConfigTest {
    private static List<String> names(ColorizerConfig c, int bins) {
        return c.layers(bins).stream().map(NetworkSummary.LayerInfo::name).toList();
    }

    @Test
    void defaultIsAUNetWithFixedNames() {
        ColorizerConfig c = ColorizerConfig.defaults().seed(1).build();
        assertEquals(List.of(16, 32, 64, 128), c.widths());
        assertEquals(8, c.sizeMultiple());
        List<String> names = names(c, 0);
        assertEquals(List.of("enc1_conv1", "enc1_bn1", "enc1_conv2", "enc1_bn2", "enc1_pool", "enc2_conv1"),
                names.subList(0, 6));
        assertTrue(names.containsAll(List.of("enc4_bn2", "dec3_up", "dec3_upconv", "dec3_upbn", "dec3_concat",
                "dec1_bn2", ColorizerConfig.HEAD, ColorizerConfig.OUTPUT)));
        assertFalse(names.contains("enc4_pool"), "no pooling after the bottleneck");
        List<NetworkSummary.LayerInfo> layers = c.layers(0);
        NetworkSummary.LayerInfo head = layers.get(layers.size() - 2);
        assertEquals("64x64x2", head.output());
        // dec1 concatenates 16 upsampled and 16 skipped channels
        assertEquals("64x64x32", layers.stream().filter(l -> l.name().equals("dec1_concat")).findFirst()
                .orElseThrow().output());
        assertTrue(c.summary(0).contains("REGRESSION head (2 channels)"));
        assertTrue(c.forwardFlops(0) > 0);
    }

    @Test
    void headsSkipsAndUpsamplingAreData() {
        ColorizerConfig plain = ColorizerConfig.defaults().skips(false).widths(8, 16, 32).seed(1).build();
        assertTrue(names(plain, 0).stream().noneMatch(n -> n.endsWith("_concat")));
        ColorizerConfig transposed = ColorizerConfig.defaults().upsampling(ColorizerConfig.Upsampling.TRANSPOSED)
                .widths(8, 16).seed(1).build();
        List<String> t = names(transposed, 0);
        assertTrue(t.contains("dec1_up") && t.contains("dec1_upbn") && !t.contains("dec1_upconv"), t.toString());
        ColorizerConfig cls = ColorizerConfig.defaults().head(ColorizerConfig.Head.CLASSIFICATION).widths(8, 16)
                .seed(1).build();
        List<NetworkSummary.LayerInfo> layers = cls.layers(313);
        assertEquals("64x64x313", layers.get(layers.size() - 2).output());
        assertThrows(IllegalArgumentException.class, () -> cls.graph(1));
        // toBuilder keeps everything
        assertEquals(cls.toString(), cls.toBuilder().build().toString());
    }

    @Test
    void badSettingsNameTheProblem() {
        assertMessage("colour space must be LAB_L", () -> ColorizerConfig.builder(InputSpec.rgb(64, 64)).seed(1)
                .build());
        assertMessage("multiple of 8", () -> ColorizerConfig.builder(InputSpec.lightness(60, 64)).seed(1).build());
        assertMessage("widths", () -> ColorizerConfig.defaults().widths(32).seed(1).build());
        assertMessage("temperature", () -> ColorizerConfig.defaults().temperature(0).seed(1).build());
        assertMessage("rebalancing", () -> ColorizerConfig.defaults().rebalancing(1.5).seed(1).build());
        assertMessage("seed", () -> ColorizerConfig.defaults().build());
        assertMessage("workingSide", () -> ColorizerConfig.defaults().workingSide(4).seed(1).build());
    }

    private static void assertMessage(String part, org.junit.jupiter.api.function.Executable e) {
        IllegalArgumentException x = assertThrows(IllegalArgumentException.class, e);
        assertTrue(x.getMessage().contains(part), x.getMessage());
    }
}
