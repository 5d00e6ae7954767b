package dev.pigment.core.image;

import java.util.List;

/** Tiles images of one size into a grid, for contact sheets and reports. */
public final class Mosaic {
    private Mosaic() {
    }

    /**
     * Places {@code tiles} row by row, {@code columns} per row, with {@code gap} white pixels between and around
     * them. Gray tiles are shown as sRGB.
     *
     * @throws IllegalArgumentException if there are no tiles, they differ in size, or columns/gap are out of range
     */
    public static Bitmap grid(List<Bitmap> tiles, int columns, int gap) {
        if (tiles.isEmpty()) {
            throw new IllegalArgumentException("no tiles");
        }
        if (columns < 1 || gap < 0) {
            throw new IllegalArgumentException("need columns >= 1 and gap >= 0, got " + columns + ", " + gap);
        }
        int th = tiles.get(0).height();
        int tw = tiles.get(0).width();
        int rows = (tiles.size() + columns - 1) / columns;
        int cols = Math.min(columns, tiles.size());
        int h = rows * th + (rows + 1) * gap;
        int w = cols * tw + (cols + 1) * gap;
        byte[] out = new byte[h * w * 3];
        java.util.Arrays.fill(out, (byte) 255);
        for (int i = 0; i < tiles.size(); i++) {
            Bitmap tile = tiles.get(i).toRgb();
            if (tile.height() != th || tile.width() != tw) {
                throw new IllegalArgumentException("tile " + i + " is " + tile + ", tile 0 is " + th + "x" + tw);
            }
            int y0 = gap + (i / columns) * (th + gap);
            int x0 = gap + (i % columns) * (tw + gap);
            byte[] px = tile.pixels();
            for (int y = 0; y < th; y++) {
                System.arraycopy(px, y * tw * 3, out, ((y0 + y) * w + x0) * 3, tw * 3);
            }
        }
        return Bitmap.wrap(h, w, 3, out);
    }
}
