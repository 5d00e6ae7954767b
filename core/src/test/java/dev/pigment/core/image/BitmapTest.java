package dev.pigment.core.image;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.pigment.core.TestImages;
import java.awt.image.BufferedImage;
import java.awt.image.IndexColorModel;
import org.junit.jupiter.api.Test;

class BitmapTest {
    private static Bitmap ramp(int h, int w) {
        byte[] px = new byte[h * w];
        for (int i = 0; i < px.length; i++) {
            px[i] = (byte) i;
        }
        return Bitmap.of(h, w, 1, px);
    }

    @Test
    void validatesShapeAndCopiesInput() {
        assertThrows(IllegalArgumentException.class, () -> Bitmap.of(2, 2, 2, new byte[8]));
        assertThrows(IllegalArgumentException.class, () -> Bitmap.of(2, 2, 3, new byte[11]));
        byte[] px = new byte[4];
        Bitmap b = Bitmap.of(2, 2, 1, px);
        px[0] = 9;
        assertEquals(0, b.get(0, 0, 0));
    }

    @Test
    void cropFlipAndPadMovePixelsWhereExpected() {
        Bitmap r = ramp(4, 5);                         // value = y*5 + x
        Bitmap c = r.crop(1, 2, 2, 3);
        assertEquals(7, c.get(0, 0, 0));
        assertEquals(14, c.get(1, 2, 0));
        assertEquals(4, r.flipHorizontal().get(0, 0, 0));
        assertEquals(15, r.flipVertical().get(0, 0, 0));
        Bitmap p = r.padReflect(1);
        assertEquals(6, p.height());
        assertEquals(6, p.get(0, 0, 0));              // reflect: (-1,-1) -> (1,1)
        assertEquals(0, p.get(1, 1, 0));
        assertThrows(IllegalArgumentException.class, () -> r.crop(3, 0, 2, 1));
    }

    @Test
    void grayUsesBt601LumaAndRgbReplicates() {
        Bitmap rgb = TestImages.solid(1, 1, 200, 100, 50);
        assertEquals((200 * 299 + 100 * 587 + 50 * 114 + 500) / 1000, rgb.toGray().get(0, 0, 0));
        Bitmap back = rgb.toGray().toRgb();
        assertEquals(back.get(0, 0, 0), back.get(0, 0, 2));
        assertTrue(back.isGrayscale(0));
        assertFalse(rgb.isGrayscale(8));
    }

    @Test
    void resizeKeepsFlatImagesFlatAndAveragesWhenShrinking() {
        Bitmap flat = TestImages.solid(30, 40, 10, 120, 250);
        Bitmap small = flat.resize(7, 9);
        Bitmap big = flat.resize(61, 83);
        for (Bitmap b : new Bitmap[] {small, big}) {
            for (int y = 0; y < b.height(); y++) {
                for (int x = 0; x < b.width(); x++) {
                    assertEquals(120, b.get(y, x, 1));
                }
            }
        }
        // a 1-pixel checkerboard halved becomes mid gray: every source pixel is averaged, nothing aliases
        byte[] px = new byte[64 * 64];
        for (int i = 0; i < px.length; i++) {
            px[i] = (byte) (((i / 64 + i % 64) % 2) * 255);
        }
        Bitmap half = Bitmap.of(64, 64, 1, px).resize(32, 32);
        for (int y = 2; y < 30; y++) {
            for (int x = 2; x < 30; x++) {
                assertEquals(128, half.get(y, x, 0), 1);
            }
        }
    }

    @Test
    void resizeAndCropCoversTheTargetKeepingAspect() {
        Bitmap wide = TestImages.pattern(100, 200, 3, 1);
        Bitmap out = wide.resizeAndCrop(50, 50);
        assertEquals(50, out.height());
        assertEquals(50, out.width());
        Bitmap s = wide.resizeShorterSide(40);
        assertEquals(40, s.height());
        assertEquals(80, s.width());
    }

    @Test
    void rotateScaleIdentityAndQuarterTurn() {
        Bitmap r = ramp(5, 5);
        assertEquals(r, r.rotateScale(0, 1));
        Bitmap q = r.rotateScale(90, 1);
        // output (y, x) samples source at (x, 4 - y) for a quarter turn about the centre
        for (int y = 0; y < 5; y++) {
            for (int x = 0; x < 5; x++) {
                assertEquals(r.get(x, 4 - y, 0), q.get(y, x, 0), "at " + y + "," + x);
            }
        }
    }

    @Test
    void fromBufferedImageCompositesAlphaOverWhite() {
        BufferedImage argb = new BufferedImage(2, 1, BufferedImage.TYPE_INT_ARGB);
        argb.setRGB(0, 0, 0xFFFF0000);                // opaque red
        argb.setRGB(1, 0, 0x80000000);                // half-transparent black
        Bitmap b = Bitmap.fromBufferedImage(argb);
        assertEquals(3, b.channels());
        assertEquals(255, b.get(0, 0, 0));
        assertEquals(0, b.get(0, 0, 1));
        assertEquals(127, b.get(0, 1, 0), 1);
    }

    @Test
    void fromBufferedImageReadsSixteenBitGrayWithoutGammaShift() {
        BufferedImage g16 = new BufferedImage(2, 1, BufferedImage.TYPE_USHORT_GRAY);
        g16.getRaster().setSample(0, 0, 0, 65535);
        g16.getRaster().setSample(1, 0, 0, 32896);    // 128 * 257
        Bitmap b = Bitmap.fromBufferedImage(g16);
        assertEquals(1, b.channels());
        assertEquals(255, b.get(0, 0, 0));
        assertEquals(128, b.get(0, 1, 0));
        BufferedImage g8 = new BufferedImage(1, 1, BufferedImage.TYPE_BYTE_GRAY);
        g8.getRaster().setSample(0, 0, 0, 77);
        assertEquals(77, Bitmap.fromBufferedImage(g8).get(0, 0, 0));
    }

    @Test
    void fromBufferedImageResolvesPalettes() {
        byte[] r = {0, (byte) 255};
        byte[] g = {0, 10};
        byte[] bl = {0, 20};
        BufferedImage pal = new BufferedImage(1, 1, BufferedImage.TYPE_BYTE_INDEXED, new IndexColorModel(1, 2, r, g, bl));
        pal.getRaster().setSample(0, 0, 0, 1);
        Bitmap b = Bitmap.fromBufferedImage(pal);
        assertEquals(255, b.get(0, 0, 0));
        assertEquals(10, b.get(0, 0, 1));
        assertEquals(20, b.get(0, 0, 2));
    }

    @Test
    void bufferedImageRoundTrip() {
        Bitmap rgb = TestImages.pattern(7, 9, 3, 3);
        assertEquals(rgb, Bitmap.fromBufferedImage(rgb.toBufferedImage()));
        Bitmap gray = TestImages.pattern(7, 9, 1, 3);
        assertEquals(gray, Bitmap.fromBufferedImage(gray.toBufferedImage()));
    }
}
