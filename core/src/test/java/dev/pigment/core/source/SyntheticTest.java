package dev.pigment.core.source;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.pigment.core.image.Bitmap;
import java.util.List;
import org.junit.jupiter.api.Test;

class SyntheticTest {
    @Test
    void shapesAreBalancedSeededAndTellTheirClassesApart() {
        LabelledImages a = Synthetic.shapes(200, 28, 5);
        assertEquals(Synthetic.SHAPE_CLASSES, a.classNames());
        assertArrayEquals(new int[] {20, 20, 20, 20, 20, 20, 20, 20, 20, 20}, a.classCounts());
        assertArrayEquals(a.image(7).toBytes(), Synthetic.shapes(200, 28, 5).image(7).toBytes());
        assertFalse(java.util.Arrays.equals(a.image(7).toBytes(), Synthetic.shapes(200, 28, 6).image(7).toBytes()));
        // a disc is filled, a ring is not: the disc's brightest quarter of pixels covers more of the image
        assertTrue(inkShare(a, 0) > 1.3 * inkShare(a, 1), inkShare(a, 0) + " vs " + inkShare(a, 1));
        assertThrows(IllegalArgumentException.class, () -> Synthetic.shapes(0, 28, 1));
        assertThrows(IllegalArgumentException.class, () -> Synthetic.shapes(10, 8, 1));
    }

    /** The share of pixels above 100 in the images of class {@code cls}. */
    private static double inkShare(LabelledImages images, int cls) {
        long ink = 0;
        long all = 0;
        for (int i = 0; i < images.size(); i++) {
            if (images.label(i) == cls) {
                for (byte b : images.image(i).toBytes()) {
                    ink += (b & 0xff) > 100 ? 1 : 0;
                    all++;
                }
            }
        }
        return ink / (double) all;
    }

    @Test
    void scenesAreColourPhotosWithABlueSky() {
        List<Bitmap> scenes = Synthetic.scenes(3, 64, 96, 2);
        assertEquals(3, scenes.size());
        for (Bitmap s : scenes) {
            assertEquals(List.of(64, 96, 3), List.of(s.height(), s.width(), s.channels()));
            assertFalse(s.isGrayscale(8));
            byte[] px = s.toBytes();
            int blue = px[2] & 0xff;
            int red = px[0] & 0xff;
            assertTrue(blue > red + 40, "the top-left pixel is sky: " + red + " red, " + blue + " blue");
        }
        assertArrayEquals(scenes.get(1).toBytes(), Synthetic.scenes(3, 64, 96, 2).get(1).toBytes());
        assertThrows(IllegalArgumentException.class, () -> Synthetic.scenes(1, 16, 96, 1));
    }
}
