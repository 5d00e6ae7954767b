package dev.pigment.models.colorizer;

import dev.pigment.core.BadFilePolicy;
import dev.pigment.core.color.Colorization;
import dev.pigment.core.image.Bitmap;
import dev.pigment.core.image.ImageFiles;
import dev.pigment.core.source.PhotoSet;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Generated "photos" whose colour is a function of lightness — dark blue, mid green, light orange — over smooth
 * random shapes: a colorizer can learn them, a gray one cannot.
 */
final class Palette {
    private Palette() {
    }

    /** a*, b* of lightness {@code l}. */
    static double[] ab(double l) {
        return new double[] {60 * Math.sin(l / 16.0), 60 * Math.cos(l / 22.0)};
    }

    static Bitmap photo(int h, int w, long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        double fy = r.nextDouble(0.05, 0.2);
        double fx = r.nextDouble(0.05, 0.2);
        double py = r.nextDouble(0, 6.3);
        double px = r.nextDouble(0, 6.3);
        byte[] out = new byte[h * w * 3];
        int[] rgb = new int[3];
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                double l = 50 + 40 * Math.sin(fy * y + py) * Math.cos(fx * x + px);
                double[] ab = ab(l);
                Colorization.toSrgb8KeepingLightness(l, ab[0], ab[1], rgb);
                int i = (y * w + x) * 3;
                out[i] = (byte) rgb[0];
                out[i + 1] = (byte) rgb[1];
                out[i + 2] = (byte) rgb[2];
            }
        }
        return Bitmap.of(h, w, 3, out);
    }

    /** {@code count} photos of {@code h × w} written as PNG under {@code dir} and loaded back at full size. */
    static PhotoSet set(Path dir, int count, int h, int w, long seed) throws IOException {
        List<Path> files = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            Path f = dir.resolve(String.format("photo-%03d.png", i));
            ImageFiles.write(photo(h, w, seed * 1000 + i), f);
            files.add(f);
        }
        return PhotoSet.load(files, new PhotoSet.Options(0, 16, true, BadFilePolicy.FAIL, 2)).data();
    }
}
