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
        assertEquals(InputSpec.DEFAULT_FORMAT, InputSpec.gray(4, 4).format());
        assertEquals(CNN2DFormat.NHWC, InputSpec.DEFAULT_FORMAT);
        assertArrayEquals(new long[] {5, 3, 32, 24}, InputSpec.rgb(32, 24).withFormat(CNN2DFormat.NCHW)
                .batchShape(5));
        assertArrayEquals(new long[] {5, 32, 24, 3}, InputSpec.rgb(32, 24).withFormat(CNN2DFormat.NHWC)
                .batchShape(5));
    }

    @Test
    void offsetsFollowTheLayoutOfAnySize() {
        for (CNN2DFormat format : CNN2DFormat.values()) {
            InputSpec spec = InputSpec.rgb(8, 8).withFormat(format);
            long[] shape = spec.batchShape(2, 5, 7);
            INDArray probe = org.nd4j.linalg.factory.Nd4j.arange(2 * 5 * 7 * 3).reshape('c', shape);
            for (int c = 0; c < 3; c++) {
                int at = spec.offset(1, 4, 6, c, 5, 7);
                long value = format == CNN2DFormat.NCHW ? probe.getLong(1, c, 4, 6) : probe.getLong(1, 4, 6, c);
                assertEquals(value, at, format + " channel " + c);
            }
            assertEquals(7, shape[spec.widthAxis()], format.toString());
        }
    }

    @Test
    void paddedBatchesKeepTheImageSizeAndReplicateTheEdges() {
        InputSpec spec = InputSpec.lightness(16, 16).withFormat(CNN2DFormat.NHWC);
        byte[] px = new byte[5 * 6 * 3];
        for (int i = 0; i < px.length; i++) {
            px[i] = (byte) (i * 7);
        }
        Bitmap image = Bitmap.of(5, 6, 3, px);
        INDArray batch = new Preprocessor(spec, true).toPaddedBatch(List.of(image, image), 4);
        assertArrayEquals(new long[] {2, 8, 8, 1}, batch.shape());
        float corner = spec.normalize((float) Lab.lightness8(image.get(4, 5, 0), image.get(4, 5, 1),
                image.get(4, 5, 2)));
        assertEquals(corner, batch.getFloat(1, 4, 5, 0), 1e-6);
        assertEquals(corner, batch.getFloat(1, 7, 7, 0), 1e-6, "the last row and column repeat");
        float inner = spec.normalize((float) Lab.lightness8(image.get(2, 3, 0), image.get(2, 3, 1), image.get(2, 3, 2)));
        assertEquals(inner, batch.getFloat(0, 2, 3, 0), 1e-6);
        assertThrows(IllegalArgumentException.class, () -> new Preprocessor(spec, true).toPaddedBatch(
                List.of(image, Bitmap.of(6, 6, 3, new byte[108])), 4));
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
        INDArray rgb = new Preprocessor(InputSpec.rgb(2, 3).withFormat(CNN2DFormat.NCHW), false)
                .toBatch(List.of(px));
        assertArrayEquals(new long[] {1, 3, 2, 3}, rgb.shape());
        assertEquals(200 / 255f, rgb.getFloat(0, 0, 1, 2), 1e-6);
        assertEquals(50 / 255f, rgb.getFloat(0, 2, 1, 2), 1e-6);

        INDArray nhwc = new Preprocessor(InputSpec.rgb(2, 3), false).toBatch(List.of(px));
        assertEquals(100 / 255f, nhwc.getFloat(0, 1, 2, 1), 1e-6);

        INDArray gray = new Preprocessor(InputSpec.gray(2, 3), false).toBatch(List.of(px));
        assertEquals(((200 * 299 + 100 * 587 + 50 * 114 + 500) / 1000) / 255f, gray.getFloat(0, 0, 0, 0), 1e-6);

        INDArray l = new Preprocessor(InputSpec.lightness(2, 3), false).toBatch(List.of(px));
        assertEquals(Lab.fromSrgb8(200, 100, 50)[0] / 50 - 1, l.getFloat(0, 1, 1, 0), 1e-5);
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
