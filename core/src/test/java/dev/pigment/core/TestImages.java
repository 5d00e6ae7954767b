package dev.pigment.core;

import dev.pigment.core.image.Bitmap;
import dev.pigment.core.image.ImageFiles;
import java.awt.image.DataBuffer;
import java.awt.image.Raster;
import java.awt.image.WritableRaster;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;
import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageWriter;
import javax.imageio.stream.ImageOutputStream;

/** Images and files that tests generate. */
public final class TestImages {
    private TestImages() {
    }

    /** A smooth image with some structure, different for each seed. */
    public static Bitmap pattern(int h, int w, int channels, long seed) {
        Random r = new Random(seed);
        double[] f = new double[channels * 3];
        for (int i = 0; i < f.length; i++) {
            f[i] = 0.02 + r.nextDouble() * 0.3;
        }
        byte[] px = new byte[h * w * channels];
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                for (int c = 0; c < channels; c++) {
                    double v = 127.5 + 60 * Math.sin(f[3 * c] * x + f[3 * c + 1] * y) + 60 * Math.cos(f[3 * c + 2] * (x - y));
                    px[(y * w + x) * channels + c] = (byte) Math.max(0, Math.min(255, (int) v));
                }
            }
        }
        return Bitmap.of(h, w, channels, px);
    }

    /** One colour everywhere. */
    public static Bitmap solid(int h, int w, int r, int g, int b) {
        byte[] px = new byte[h * w * 3];
        for (int i = 0; i < h * w; i++) {
            px[3 * i] = (byte) r;
            px[3 * i + 1] = (byte) g;
            px[3 * i + 2] = (byte) b;
        }
        return Bitmap.of(h, w, 3, px);
    }

    /** Independent uniform values. */
    public static Bitmap noise(int h, int w, int channels, long seed) {
        byte[] px = new byte[h * w * channels];
        new Random(seed).nextBytes(px);
        return Bitmap.of(h, w, channels, px);
    }

    /** Writes {@code count} pattern images of class {@code name} under {@code root}; returns the folder. */
    public static Path writeClass(Path root, String name, int count, int h, int w, String ext) throws IOException {
        Path dir = root.resolve(name);
        for (int i = 0; i < count; i++) {
            ImageFiles.write(pattern(h, w, 3, name.hashCode() * 1000L + i), dir.resolve(name + "_" + i + "." + ext));
        }
        return dir;
    }

    /** An Adobe CMYK JPEG (APP14, transform 0, inverted values) of one ink colour {C, M, Y, K} in 0..255. */
    public static byte[] cmykJpeg(int h, int w, int[] ink) throws IOException {
        WritableRaster raster = Raster.createInterleavedRaster(DataBuffer.TYPE_BYTE, w, h, 4, null);
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                raster.setPixel(x, y, new int[] {255 - ink[0], 255 - ink[1], 255 - ink[2], 255 - ink[3]});
            }
        }
        ImageWriter writer = null;
        for (var it = ImageIO.getImageWritersByFormatName("jpeg"); it.hasNext(); ) {
            ImageWriter candidate = it.next();
            if (candidate.getClass().getName().startsWith("com.sun.")) {
                writer = candidate;
            }
        }
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ImageOutputStream out = ImageIO.createImageOutputStream(bytes)) {
            writer.setOutput(out);
            writer.write(new IIOImage(raster, null, null));
        }
        byte[] raw = bytes.toByteArray();
        byte[] app14 = {(byte) 0xFF, (byte) 0xEE, 0, 14, 'A', 'd', 'o', 'b', 'e', 0, 100, 0, 0, 0, 0, 0};
        byte[] jpeg = new byte[raw.length + app14.length];
        System.arraycopy(raw, 0, jpeg, 0, 2);
        System.arraycopy(app14, 0, jpeg, 2, app14.length);
        System.arraycopy(raw, 2, jpeg, 2 + app14.length, raw.length - 2);
        return jpeg;
    }

    /** Writes the first {@code keep} bytes of {@code source} to {@code target}. */
    public static Path truncated(Path source, Path target, int keep) throws IOException {
        byte[] all = Files.readAllBytes(source);
        Files.write(target, java.util.Arrays.copyOf(all, keep));
        return target;
    }
}
