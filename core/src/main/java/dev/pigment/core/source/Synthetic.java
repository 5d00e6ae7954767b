package dev.pigment.core.source;

import dev.pigment.core.image.Bitmap;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Images pigment draws itself, for when no real data is at hand (a machine without the Debian packages, a test):
 * gray shapes in ten classes for the classifier, and colour scenes whose colours follow their layout for the
 * colorizer. Every image is a pure function of the seed and its index. Neither stands in for real data's accuracy
 * figures; they show that the pipeline runs end to end.
 */
public final class Synthetic {
    /** The ten shape classes, in label order. */
    public static final List<String> SHAPE_CLASSES = List.of("disc", "ring", "square", "frame", "triangle", "plus",
            "cross", "horizontal bars", "vertical bars", "dots");

    private Synthetic() {
    }

    /**
     * {@code count} gray {@code side}×{@code side} images, the same number of each class of {@link #SHAPE_CLASSES}
     * (labels cycle through them), each shape at a random place, size, tilt and brightness over a noisy background,
     * a third of them with a stray blob.
     *
     * @throws IllegalArgumentException if {@code count} is below 1 or {@code side} below 12
     */
    public static LabelledImages shapes(int count, int side, long seed) {
        if (count < 1 || side < 12) {
            throw new IllegalArgumentException("need count >= 1 and side >= 12, got " + count + " and " + side);
        }
        List<Bitmap> images = new ArrayList<>(count);
        int[] labels = new int[count];
        for (int i = 0; i < count; i++) {
            SplittableRandom r = new SplittableRandom(seed * 1_000_003L + i);
            labels[i] = i % SHAPE_CLASSES.size();
            images.add(shape(labels[i], side, r));
        }
        return new LabelledImages(images, labels, SHAPE_CLASSES);
    }

    private static Bitmap shape(int cls, int side, SplittableRandom r) {
        double radius = side * (0.22 + 0.14 * r.nextDouble());
        double cx = side / 2.0 + (r.nextDouble() - 0.5) * (side - 2 * radius) * 0.8;
        double cy = side / 2.0 + (r.nextDouble() - 0.5) * (side - 2 * radius) * 0.8;
        double width = Math.max(1.2, radius * (0.2 + 0.15 * r.nextDouble()));
        double angle = (r.nextDouble() - 0.5) * 0.6;   // up to 17 degrees either way
        double cos = Math.cos(angle);
        double sin = Math.sin(angle);
        int background = r.nextInt(80);
        int ink = background + 45 + r.nextInt(150);
        // a stray blob somewhere in a third of the images
        boolean blob = r.nextInt(3) == 0;
        double bx = side * r.nextDouble();
        double by = side * r.nextDouble();
        double br = side * (0.04 + 0.06 * r.nextDouble());
        byte[] px = new byte[side * side];
        for (int y = 0; y < side; y++) {
            for (int x = 0; x < side; x++) {
                double ux = (x + 0.5 - cx) / radius;
                double uy = (y + 0.5 - cy) / radius;
                double dx = cos * ux + sin * uy;
                double dy = -sin * ux + cos * uy;
                double w = width / radius;
                double ax = Math.abs(dx);
                double ay = Math.abs(dy);
                double box = Math.max(ax, ay);
                boolean in = switch (cls) {
                    case 0 -> dx * dx + dy * dy <= 1;
                    case 1 -> Math.abs(Math.sqrt(dx * dx + dy * dy) - 1 + w / 2) <= w / 2;
                    case 2 -> box <= 0.9;
                    case 3 -> Math.abs(box - 0.9 + w / 2) <= w / 2;
                    case 4 -> dy <= 0.8 && dy >= -0.9 + 2 * ax;
                    case 5 -> box <= 1 && Math.min(ax, ay) <= w;
                    case 6 -> box <= 0.9 && Math.abs(ax - ay) <= w;
                    case 7 -> box <= 1 && Math.floorMod((int) Math.floor(dy * 2.5), 2) == 0;
                    case 8 -> box <= 1 && Math.floorMod((int) Math.floor(dx * 2.5), 2) == 0;
                    default -> box <= 1 && Math.hypot(dx * 2 - Math.rint(dx * 2), dy * 2 - Math.rint(dy * 2)) <= 0.3;
                };
                in |= blob && Math.hypot(x + 0.5 - bx, y + 0.5 - by) < br;
                double v = (in ? ink : background) + r.nextGaussian() * 25;
                px[y * side + x] = (byte) Math.max(0, Math.min(255, (int) Math.round(v)));
            }
        }
        return Bitmap.of(side, side, 1, px);
    }

    /**
     * {@code count} colour {@code height}×{@code width} scenes: a sky darkening to blue upwards, a sun, green or
     * sandy ground with texture, and trees and red-roofed houses on the horizon. Their colours follow where things
     * are and how light they are, as in photographs, so a colorizer can learn them.
     *
     * @throws IllegalArgumentException if {@code count} is below 1 or a side below 32
     */
    public static List<Bitmap> scenes(int count, int height, int width, long seed) {
        if (count < 1 || height < 32 || width < 32) {
            throw new IllegalArgumentException("need count >= 1 and sides >= 32, got " + count + ", " + height + "x"
                    + width);
        }
        List<Bitmap> scenes = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            scenes.add(scene(height, width, new SplittableRandom(seed * 1_000_003L + i)));
        }
        return scenes;
    }

    private static Bitmap scene(int h, int w, SplittableRandom r) {
        int horizon = (int) (h * (0.4 + 0.3 * r.nextDouble()));
        boolean sand = r.nextInt(3) == 0;
        double sunX = w * r.nextDouble();
        double sunY = horizon * (0.2 + 0.5 * r.nextDouble());
        double sunR = h * (0.04 + 0.05 * r.nextDouble());
        int objects = 3 + r.nextInt(6);
        double[][] things = new double[objects][];
        for (int k = 0; k < objects; k++) {
            double size = h * (0.06 + 0.12 * r.nextDouble());
            things[k] = new double[] {w * r.nextDouble(), size, r.nextInt(2)};
        }
        double phase = r.nextDouble() * 6.28;
        byte[] px = new byte[h * w * 3];
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                double[] c;
                if (y < horizon) {
                    double t = y / (double) horizon;
                    c = new double[] {60 + 150 * t, 110 + 110 * t, 200 + 45 * t};
                    if (Math.hypot(x - sunX, y - sunY) < sunR) {
                        c = new double[] {255, 230, 120};
                    }
                } else {
                    double t = (y - horizon) / (double) (h - horizon);
                    double tex = 18 * Math.sin(x * 0.21 + phase) * Math.sin(y * 0.37);
                    c = sand ? new double[] {215 - 40 * t + tex, 190 - 40 * t + tex, 130 - 30 * t}
                            : new double[] {70 - 30 * t + tex, 150 - 60 * t + tex, 60 - 25 * t};
                }
                for (double[] o : things) {
                    double dx = x - o[0];
                    double top = horizon - o[1];
                    if (o[2] == 0 && Math.hypot(dx, (y - top) * 0.8) < o[1] * 0.5) {
                        c = new double[] {30, 100 + 20 * Math.sin(x * 0.5), 35};          // a tree's crown
                    } else if (o[2] == 1 && Math.abs(dx) < o[1] * 0.5 && y >= top && y < horizon) {
                        c = y < top + o[1] * 0.35 ? new double[] {170, 45, 35} : new double[] {225, 215, 195};
                    }
                }
                int i = (y * w + x) * 3;
                for (int ch = 0; ch < 3; ch++) {
                    px[i + ch] = (byte) Math.max(0, Math.min(255, (int) Math.round(c[ch] + r.nextGaussian() * 4)));
                }
            }
        }
        return Bitmap.of(h, w, 3, px);
    }
}
