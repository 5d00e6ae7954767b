package dev.pigment.core.dataset;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.pigment.core.InputSpec;
import dev.pigment.core.TestImages;
import dev.pigment.core.color.Lab;
import dev.pigment.core.image.ImageFiles;
import dev.pigment.core.source.PhotoSet;
import java.io.IOException;
import java.nio.file.Path;
import org.deeplearning4j.nn.conf.CNN2DFormat;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.dataset.DataSet;

class ColorizationIteratorTest {
    @TempDir
    Path dir;
    PhotoSet solids;
    PhotoSet patterns;

    @BeforeEach
    void photos() throws IOException {
        ImageFiles.write(TestImages.solid(80, 100, 200, 40, 30), dir.resolve("solid/red.png"));
        ImageFiles.write(TestImages.solid(90, 70, 20, 60, 220), dir.resolve("solid/blue.png"));
        for (int i = 0; i < 4; i++) {
            ImageFiles.write(TestImages.pattern(120, 160, 3, i), dir.resolve("pattern/p" + i + ".png"));
        }
        solids = PhotoSet.load(dir.resolve("solid"), PhotoSet.Options.defaults().withMinSide(32)).data();
        patterns = PhotoSet.load(dir.resolve("pattern"), PhotoSet.Options.defaults().withMinSide(32)).data();
    }

    @Test
    void featuresAreNormalisedLightnessAndLabelsScaledAb() {
        ColorizationIterator it = ColorizationIterator.builder(solids,
                InputSpec.lightness(32, 32).withFormat(CNN2DFormat.NCHW)).centreCrops().batchSize(8).build();
        DataSet ds = it.next();
        assertArrayEquals(new long[] {2, 1, 32, 32}, ds.getFeatures().shape());
        assertArrayEquals(new long[] {2, 2, 32, 32}, ds.getLabels().shape());
        double[] blue = Lab.fromSrgb8(20, 60, 220);     // photos are listed by name: blue.png first
        assertEquals(blue[0] / 50 - 1, ds.getFeatures().getDouble(0, 0, 5, 7), 1e-5);
        assertEquals(blue[1] / ColorizationIterator.AB_SCALE, ds.getLabels().getDouble(0, 0, 5, 7), 1e-5);
        assertEquals(blue[2] / ColorizationIterator.AB_SCALE, ds.getLabels().getDouble(0, 1, 5, 7), 1e-5);
        double[] red = Lab.fromSrgb8(200, 40, 30);
        assertEquals(red[1] / ColorizationIterator.AB_SCALE, ds.getLabels().getDouble(1, 0, 31, 0), 1e-5);
        assertNull(it.getLabels());
    }

    @Test
    void nhwcLaysOutLabelsChannelsLast() {
        InputSpec spec = InputSpec.lightness(32, 32).withFormat(CNN2DFormat.NHWC);
        DataSet ds = ColorizationIterator.builder(solids, spec).centreCrops().build().next();
        assertArrayEquals(new long[] {2, 32, 32, 1}, ds.getFeatures().shape());
        assertArrayEquals(new long[] {2, 32, 32, 2}, ds.getLabels().shape());
        assertEquals(Lab.fromSrgb8(20, 60, 220)[2] / ColorizationIterator.AB_SCALE,
                ds.getLabels().getDouble(0, 3, 4, 1), 1e-5);
    }

    @Test
    void randomCropsAreSeededAndVaryByEpoch() {
        ColorizationIterator a = ColorizationIterator.builder(patterns, InputSpec.lightness(48, 48))
                .randomCrops(10, 3).batchSize(4).build();
        ColorizationIterator b = ColorizationIterator.builder(patterns, InputSpec.lightness(48, 48))
                .randomCrops(10, 3).batchSize(4).build();
        int batches = 0;
        while (a.hasNext()) {
            assertEquals(a.next().getLabels(), b.next().getLabels());
            batches++;
        }
        assertEquals(3, batches);
        assertEquals(a.crop(0, 3), b.crop(0, 3));
        assertNotEquals(a.crop(0, 3), a.crop(1, 3));
        assertEquals(48, a.crop(2, 9).height());
    }

    @Test
    void rejectsWrongSpecSmallPhotosAndMissingMode() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> ColorizationIterator.builder(solids, InputSpec.rgb(32, 32)).centreCrops().build());
        assertTrue(e.getMessage().contains("LAB_L"));
        e = assertThrows(IllegalArgumentException.class,
                () -> ColorizationIterator.builder(solids, InputSpec.lightness(85, 85)).centreCrops().build());
        assertTrue(e.getMessage().contains("blue.png") && e.getMessage().contains("smaller than the 85x85 crop"),
                e.getMessage());
        assertThrows(IllegalArgumentException.class,
                () -> ColorizationIterator.builder(solids, InputSpec.lightness(32, 32)).build());
        assertThrows(IllegalArgumentException.class,
                () -> ColorizationIterator.builder(solids, InputSpec.lightness(32, 32)).randomCrops(0, 1).build());
    }
}
