package dev.pigment.core.image;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.pigment.core.TestImages;
import java.util.List;
import org.junit.jupiter.api.Test;

class MosaicTest {
    @Test
    void placesTilesRowByRowWithGaps() {
        Bitmap red = TestImages.solid(4, 6, 255, 0, 0);
        Bitmap gray = TestImages.pattern(4, 6, 1, 1);
        Bitmap g = Mosaic.grid(List.of(red, gray, red), 2, 1);
        assertEquals(2 * 4 + 3, g.height());
        assertEquals(2 * 6 + 3, g.width());
        assertEquals(255, g.get(0, 0, 1));                     // gap is white
        assertEquals(0, g.get(1, 1, 1));                       // red tile at (1, 1)
        assertEquals(gray.get(2, 3, 0), g.get(1 + 2, 8 + 3, 1)); // gray tile at (1, 8)
        assertEquals(0, g.get(6, 1, 2));                       // third tile starts the second row
        assertThrows(IllegalArgumentException.class, () -> Mosaic.grid(List.of(red, TestImages.solid(3, 6, 0, 0, 0)), 2, 0));
    }
}
