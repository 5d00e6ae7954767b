package dev.pigment.core;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.pigment.core.color.Lab;
import dev.pigment.core.image.Bitmap;
import java.util.List;
import org.deeplearning4j.nn.conf.CNN2DFormat;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.ndarray.INDArray;

class InputSpecTest {
    @Test
    void validatesAndDerivesChannelsFromTheColourSpace() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> InputSpec.rgb(0, 32));
        assertTrue(e.getMessage().contains("height must be in 1..8192, got 0"));
        assertThrows(NullPointerException.class,
                () -> new InputSpec(8, 8, null, Normalization.UNIT, CNN2DFormat.NCHW));
        assertEquals(3, InputSpec.rgb(32, 32).channels());
        assertEquals(1, InputSpec.lightness(64, 64).channels());
        assertArrayEquals(new long[] {5, 3, 32, 24}, InputSpec.rgb(32, 24).batchShape(5));
        assertArrayEquals(new long[] {5, 32, 24, 3}, InputSpec.rgb(32, 24).withFormat(CNN2DFormat.NHWC)
                .batchShape(5));
    }

    @Test
    void normalisationMapsTheNaturalRange() {
        assertEquals(1f, InputSpec.rgb(1, 1).normalize(255));
        assertEquals(-1f, InputSpec.lightness(1, 1).normalize(0));
        assertEquals(1f, InputSpec.lightness(1, 1).normalize(100));
        assertEquals(200f, InputSpec.gray(1, 1).withNormalization(Normalization.RAW).normalize(200));
        for (Normalization n : Normalization.values()) {
            assertEquals(37f, n.invert(n.apply(37f, 0, 100), 0, 100), 1e-4);
        }
    }

    @Test
    void preprocessorWritesColourSpaceLayoutAndNormalisation() {
        Bitmap px = TestImages.solid(2, 3, 200, 100, 50);
        INDArray rgb = new Preprocessor(InputSpec.rgb(2, 3), false).toBatch(List.of(px));
        assertArrayEquals(new long[] {1, 3, 2, 3}, rgb.shape());
        assertEquals(200 / 255f, rgb.getFloat(0, 0, 1, 2), 1e-6);
        assertEquals(50 / 255f, rgb.getFloat(0, 2, 1, 2), 1e-6);

        INDArray nhwc = new Preprocessor(InputSpec.rgb(2, 3).withFormat(CNN2DFormat.NHWC), false)
                .toBatch(List.of(px));
        assertEquals(100 / 255f, nhwc.getFloat(0, 1, 2, 1), 1e-6);

        INDArray gray = new Preprocessor(InputSpec.gray(2, 3), false).toBatch(List.of(px));
        assertEquals(((200 * 299 + 100 * 587 + 50 * 114 + 500) / 1000) / 255f, gray.getFloat(0, 0, 0, 0), 1e-6);

        INDArray l = new Preprocessor(InputSpec.lightness(2, 3), false).toBatch(List.of(px));
        assertEquals(Lab.fromSrgb8(200, 100, 50)[0] / 50 - 1, l.getFloat(0, 0, 1, 1), 1e-5);
    }

    @Test
    void preprocessorRejectsSmallImagesUnlessUpscalingIsAllowed() {
        Bitmap small = TestImages.solid(10, 40, 1, 2, 3);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new Preprocessor(InputSpec.rgb(16, 16), false).fit(small));
        assertTrue(e.getMessage().contains("10x40, smaller than the model input 16x16"));
        Bitmap fitted = new Preprocessor(InputSpec.rgb(16, 16), true).fit(small);
        assertEquals(16, fitted.height());
        assertEquals(16, fitted.width());
    }
}
