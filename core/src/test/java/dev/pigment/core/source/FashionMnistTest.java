package dev.pigment.core.source;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.pigment.core.image.Bitmap;
import java.nio.file.Files;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Reads the real Fashion-MNIST from the Debian package {@code dataset-fashion-mnist}. */
class FashionMnistTest {
    @BeforeAll
    static void dataIsInstalled() {
        assertTrue(Files.isDirectory(FashionMnist.DEBIAN_DIR), FashionMnist.DEBIAN_DIR
                + " is missing: run 'apt-get install dataset-fashion-mnist' (./run.sh test does it)");
    }

    @Test
    void trainHas60000ImagesAnd6000PerClass() throws Exception {
        LabelledImages train = FashionMnist.train(FashionMnist.DEBIAN_DIR);
        assertEquals(60_000, train.size());
        assertArrayEquals(new int[] {6000, 6000, 6000, 6000, 6000, 6000, 6000, 6000, 6000, 6000},
                train.classCounts());
        assertEquals(FashionMnist.CLASS_NAMES, train.classNames());
        Bitmap first = train.image(0);
        assertEquals(28, first.height());
        assertEquals(28, first.width());
        assertEquals(1, first.channels());
        assertEquals(9, train.label(0));                // the first training image is an ankle boot
        // the published training-set mean pixel is 0.2860 of full scale
        double sum = 0;
        for (int i = 0; i < train.size(); i++) {
            for (byte v : train.image(i).toBytes()) {
                sum += v & 0xFF;
            }
        }
        assertEquals(0.2860, sum / (60_000.0 * 784 * 255), 0.0005);
    }

    @Test
    void testHas10000ImagesAnd1000PerClass() throws Exception {
        LabelledImages test = FashionMnist.test(FashionMnist.DEBIAN_DIR);
        assertEquals(10_000, test.size());
        for (int count : test.classCounts()) {
            assertEquals(1000, count);
        }
    }
}
