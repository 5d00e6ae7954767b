package dev.pigment.core.augment;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.pigment.core.Seeds;
import dev.pigment.core.TestImages;
import dev.pigment.core.image.Bitmap;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

class AugmentationTest {
    private static final Bitmap IMG = TestImages.pattern(32, 32, 3, 11);
    private static final Augmentation ALL = Augmentation.of(Augmentation.horizontalFlip(0.5),
            Augmentation.verticalFlip(0.2), Augmentation.randomShift(4), Augmentation.rotateScale(10, 0.9, 1.1));

    @Test
    void randomErasingReplacesOneRectangleOfTheRequestedArea() {
        Bitmap image = TestImages.solid(28, 28, 0, 0, 0).toGray();
        Augmentation erase = Augmentation.randomErasing(1.0, 0.1, 0.3);
        for (long seed = 0; seed < 20; seed++) {
            Bitmap out = erase.apply(image, Seeds.stream(seed, 0, 0));
            int minY = 28, maxY = -1, minX = 28, maxX = -1;
            for (int y = 0; y < 28; y++) {
                for (int x = 0; x < 28; x++) {
                    if (out.get(y, x, 0) != 0) {
                        minY = Math.min(minY, y);
                        maxY = Math.max(maxY, y);
                        minX = Math.min(minX, x);
                        maxX = Math.max(maxX, x);
                    }
                }
            }
            int area = (maxY - minY + 1) * (maxX - minX + 1);   // the bounding box of the noise is the rectangle
            assertTrue(area >= 0.1 * 784 * 0.8 && area <= 0.3 * 784 * 1.2, "area " + area + ", seed " + seed);
            assertEquals(out, erase.apply(image, Seeds.stream(seed, 0, 0)), "seeded");
        }
        assertSame(image, Augmentation.randomErasing(0.0, 0.1, 0.3).apply(image, Seeds.stream(1, 0, 0)));
        assertThrows(IllegalArgumentException.class, () -> Augmentation.randomErasing(0.5, 0.5, 0.2));
    }

    @Test
    void sameSeedGivesTheSameImageOtherSeedsOtherImages() {
        Bitmap a = ALL.apply(IMG, Seeds.stream(42, 0, 7));
        Bitmap b = ALL.apply(IMG, Seeds.stream(42, 0, 7));
        assertEquals(a, b);
        Set<Bitmap> distinct = new HashSet<>();
        for (int epoch = 0; epoch < 10; epoch++) {
            distinct.add(ALL.apply(IMG, Seeds.stream(42, epoch, 7)));
        }
        assertTrue(distinct.size() >= 9, "augmentations should differ between epochs");
        assertNotEquals(a, ALL.apply(IMG, Seeds.stream(43, 0, 7)));
    }

    @Test
    void flipsHappenWithTheirProbability() {
        assertEquals(IMG.flipHorizontal(), Augmentation.horizontalFlip(1).apply(IMG, Seeds.stream(1, 0, 0)));
        assertSame(IMG, Augmentation.horizontalFlip(0).apply(IMG, Seeds.stream(1, 0, 0)));
        int flipped = 0;
        for (int i = 0; i < 1000; i++) {
            if (!Augmentation.verticalFlip(0.3).apply(IMG, Seeds.stream(1, 0, i)).equals(IMG)) {
                flipped++;
            }
        }
        assertEquals(300, flipped, 50);
    }

    @Test
    void randomShiftKeepsSizeAndMovesContent() {
        Bitmap out = Augmentation.randomShift(4).apply(IMG, Seeds.stream(3, 0, 0));
        assertEquals(32, out.height());
        assertEquals(32, out.width());
        // the output is a window of the reflect-padded input: find its offset and check every pixel
        Bitmap padded = IMG.padReflect(4);
        boolean found = false;
        for (int dy = 0; dy <= 8 && !found; dy++) {
            for (int dx = 0; dx <= 8 && !found; dx++) {
                found = padded.crop(dy, dx, 32, 32).equals(out);
            }
        }
        assertTrue(found);
    }

    @Test
    void randomCropTakesAWindowOfTheRequestedSize() {
        Bitmap big = TestImages.pattern(40, 50, 3, 2);
        Bitmap out = Augmentation.randomCrop(32, 32).apply(big, Seeds.stream(8, 0, 0));
        assertEquals(32, out.height());
        assertEquals(32, out.width());
        boolean found = false;
        for (int dy = 0; dy <= 8 && !found; dy++) {
            for (int dx = 0; dx <= 18 && !found; dx++) {
                found = big.crop(dy, dx, 32, 32).equals(out);
            }
        }
        assertTrue(found);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Augmentation.randomCrop(64, 64).apply(big, Seeds.stream(8, 0, 0)));
        assertTrue(e.getMessage().contains("40x50, smaller than the 64x64 crop"));
    }

    @Test
    void rotateScaleKeepsSizeAndIdentityIsExact() {
        Bitmap out = Augmentation.rotateScale(15, 0.8, 1.2).apply(IMG, Seeds.stream(5, 0, 0));
        assertEquals(IMG.height(), out.height());
        assertEquals(IMG, Augmentation.rotateScale(0, 1, 1).apply(IMG, Seeds.stream(5, 0, 0)));
    }

    @Test
    void pipelinesComposeAndValidate() {
        Augmentation p = Augmentation.horizontalFlip(1).then(Augmentation.verticalFlip(1));
        assertEquals(IMG.flipHorizontal().flipVertical(), p.apply(IMG, Seeds.stream(0, 0, 0)));
        assertEquals(2, ((Augmentation.Pipeline) p).steps().size());
        assertSame(IMG, Augmentation.none().apply(IMG, Seeds.stream(0, 0, 0)));
        assertThrows(IllegalArgumentException.class, () -> Augmentation.horizontalFlip(1.5));
        assertThrows(IllegalArgumentException.class, () -> Augmentation.randomShift(-1));
        assertThrows(IllegalArgumentException.class, () -> Augmentation.rotateScale(10, 1.2, 1.1));
    }
}
