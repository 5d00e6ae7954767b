package dev.pigment.models.classifier;

import dev.pigment.core.ColorSpace;
import dev.pigment.core.InputSpec;
import dev.pigment.core.Normalization;
import dev.pigment.core.image.Bitmap;
import dev.pigment.core.source.LabelledImages;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.deeplearning4j.nn.conf.CNN2DFormat;

/** A small learnable image set for tests: stripes in one of several directions, random phase and noise. */
final class Stripes {
    static final int SIZE = 16;
    static final InputSpec SPEC = new InputSpec(SIZE, SIZE, ColorSpace.GRAY, Normalization.UNIT, CNN2DFormat.NHWC);

    private Stripes() {
    }

    /** One stripe image of direction {@code cls}: 0 horizontal, 1 vertical, 2 diagonal, 3 anti-diagonal. */
    static Bitmap image(int cls, int size, int channels, Random r) {
        double phase = r.nextDouble() * Math.PI * 2;
        double freq = (0.8 + r.nextDouble() * 0.4) * SIZE / size;   // the same pattern at any size
        byte[] px = new byte[size * size * channels];
        for (int y = 0; y < size; y++) {
            for (int x = 0; x < size; x++) {
                double t = switch (cls) {
                    case 0 -> y;
                    case 1 -> x;
                    case 2 -> (x + y) / Math.sqrt(2);
                    default -> (x - y) / Math.sqrt(2);
                };
                double v = 128 + 90 * Math.sin(freq * t + phase) + r.nextGaussian() * 20;
                for (int c = 0; c < channels; c++) {
                    px[(y * size + x) * channels + c] = (byte) Math.max(0, Math.min(255, (int) v));
                }
            }
        }
        return Bitmap.of(size, size, channels, px);
    }

    /** {@code perClass} images of each of the named classes (at most 4), in class order. */
    static LabelledImages set(List<String> classes, int perClass, long seed) {
        return set(classes, 0, perClass, seed);
    }

    /** As {@link #set(List, int, long)}, class c drawn with direction {@code firstDirection + c}. */
    static LabelledImages set(List<String> classes, int firstDirection, int perClass, long seed) {
        Random r = new Random(seed);
        List<Bitmap> images = new ArrayList<>();
        int[] labels = new int[classes.size() * perClass];
        for (int c = 0; c < classes.size(); c++) {
            for (int i = 0; i < perClass; i++) {
                labels[images.size()] = c;
                images.add(image(firstDirection + c, SIZE, 1, r));
            }
        }
        return new LabelledImages(images, labels, classes);
    }

    /** A tiny classifier configuration for {@link #SPEC}. */
    static ClassifierConfig.Builder config(int classes) {
        return ClassifierConfig.builder(SPEC, classes).stage(Stage.of(8, 1)).stage(Stage.of(16, 1))
                .globalPooling(true).seed(11);
    }
}
