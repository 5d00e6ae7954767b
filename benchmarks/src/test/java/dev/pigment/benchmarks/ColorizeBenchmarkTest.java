package dev.pigment.benchmarks;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.pigment.core.color.Colorization;
import dev.pigment.core.image.Bitmap;
import dev.pigment.core.metrics.ColorMetrics;
import dev.pigment.models.colorizer.ColorizerConfig;
import dev.pigment.models.colorizer.ColorizerHead;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The benchmark colorizes a full-HD photo at full resolution, keeping its lightness. */
class ColorizeBenchmarkTest {
    @ParameterizedTest
    @CsvSource({"REGRESSION, 1", "CLASSIFICATION, 3"})
    void colorizesTheWholePhoto(ColorizerConfig.Head head, int members) throws Exception {
        ColorizeBenchmark.Setting s = new ColorizeBenchmark.Setting();
        s.head = head;
        s.members = members;
        s.setUp();
        assertEquals(members, s.colorizer.members().size());
        assertKeepsSizeAndLightness(s.photo, new ColorizeBenchmark().colorizeFullHd(s));
        assertTrue(!(s.colorizer.head() instanceof ColorizerHead.Classification c) || c.bins().size() > 100,
                s.colorizer.head().toString());
    }

    @Test
    void colorizesWithTheShippedColorizer() throws Exception {
        ColorizeBenchmark.Pretrained s = new ColorizeBenchmark.Pretrained();
        s.setUp();
        // an ensemble of three, flip-averaged: six network passes per photo
        assertEquals(3, s.colorizer.members().size());
        assertEquals(dev.pigment.models.TestTimeAugmentation.HORIZONTAL_FLIP, s.colorizer.testTimeAugmentation());
        Bitmap out = new ColorizeBenchmark().colorizeFullHdPretrained(s);
        assertKeepsSizeAndLightness(s.photo, out);
        assertTrue(ColorMetrics.colourfulness(out) > 1, "the shipped model paints some colour");
    }

    private static void assertKeepsSizeAndLightness(Bitmap photo, Bitmap out) {
        assertEquals(ColorizeBenchmark.HEIGHT, out.height());
        assertEquals(ColorizeBenchmark.WIDTH, out.width());
        float[] l0 = Colorization.lightness(photo);
        float[] l1 = Colorization.lightness(out);
        for (int i = 0; i < l0.length; i += 997) {
            assertEquals(l0[i], l1[i], 1.0, "L* of pixel " + i);
        }
    }
}
