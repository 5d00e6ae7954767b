package dev.pigment.core.image;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Arrays;
import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ResamplingTest {
    @ParameterizedTest
    @CsvSource({"128, 228, 1080, 1920", "40, 60, 9, 13", "7, 5, 7, 5", "3, 4, 300, 2"})
    void rowsHandedOutAreTheRowsOfTheWholeResize(int h, int w, int oh, int ow) {
        SplittableRandom r = new SplittableRandom(3);
        float[] src = new float[h * w * 2];
        for (int i = 0; i < src.length; i++) {
            src[i] = (float) r.nextDouble(-100, 100);
        }
        float[] whole = Resampling.resize(src, h, w, 2, oh, ow);
        float[] byRows = new float[oh * ow * 2];
        AtomicInteger rows = new AtomicInteger();
        Resampling.resizeRows(src, h, w, 2, oh, ow, (y, row) -> {
            assertEquals(ow * 2, row.length);
            System.arraycopy(row, 0, byRows, y * ow * 2, row.length);
            rows.incrementAndGet();
        });
        assertEquals(oh, rows.get());
        assertArrayEquals(whole, byRows);
    }

    @ParameterizedTest
    @CsvSource({"4, 6, 4, 6", "4, 6, 8, 12"})
    void aConstantStaysConstant(int h, int w, int oh, int ow) {
        float[] src = new float[h * w];
        Arrays.fill(src, 42.5f);
        for (float v : Resampling.resize(src, h, w, 1, oh, ow)) {
            assertEquals(42.5f, v, 1e-4f);
        }
    }

    @ParameterizedTest
    @CsvSource({"0, 5", "5, 0"})
    void refusesAnEmptyTarget(int oh, int ow) {
        float[] src = new float[4];
        assertThrows(IllegalArgumentException.class, () -> Resampling.resizeRows(src, 2, 2, 1, oh, ow, (y, row) -> {
        }));
        assertThrows(IllegalArgumentException.class, () -> Resampling.resizeRows(new float[3], 2, 2, 1, 4, 4,
                (y, row) -> {
                }));
    }
}
