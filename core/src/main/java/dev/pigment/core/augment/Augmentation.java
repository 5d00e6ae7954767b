package dev.pigment.core.augment;

import dev.pigment.core.image.Bitmap;
import java.util.List;
import java.util.random.RandomGenerator;

/**
 * One random image transformation used to augment training data. It draws all its randomness from the generator
 * it is given, so an iterator that passes a generator derived from an explicit seed (see
 * {@link dev.pigment.core.Seeds}) gets the same augmented images on every run, whatever the thread schedule.
 * Implementations are immutable records; compose them with {@link #then} or {@link #of}.
 */
@FunctionalInterface
public interface Augmentation {

    /** Returns the transformed image; {@code image} is not changed. */
    Bitmap apply(Bitmap image, RandomGenerator random);

    /** This augmentation followed by {@code next}. */
    default Augmentation then(Augmentation next) {
        return of(this, next);
    }

    /** The steps applied in order. */
    static Augmentation of(Augmentation... steps) {
        return new Pipeline(List.of(steps));
    }

    /** Leaves the image as it is. */
    static Augmentation none() {
        return new Pipeline(List.of());
    }

    /**
     * Mirrors left to right with probability {@code p}.
     *
     * @throws IllegalArgumentException if {@code p} is outside [0, 1]
     */
    static Augmentation horizontalFlip(double p) {
        return new HorizontalFlip(p);
    }

    /**
     * Mirrors top to bottom with probability {@code p}.
     *
     * @throws IllegalArgumentException if {@code p} is outside [0, 1]
     */
    static Augmentation verticalFlip(double p) {
        return new VerticalFlip(p);
    }

    /**
     * Pads by {@code padding} pixels on each side (mirrored) and takes a uniformly placed crop of the original size:
     * the shift augmentation of CIFAR-10 ResNets (He et al. 2016, §4.2, with 4 pixels).
     *
     * @throws IllegalArgumentException if {@code padding} is negative
     */
    static Augmentation randomShift(int padding) {
        return new RandomShift(padding);
    }

    /**
     * Takes a uniformly placed {@code height × width} crop; images must be at least that large (load them larger
     * than the model input, e.g. 144 for 128, to train on crops).
     *
     * @throws IllegalArgumentException if a side is below 1
     */
    static Augmentation randomCrop(int height, int width) {
        return new RandomCrop(height, width);
    }

    /**
     * Rotates by a uniform angle in {@code [-maxDegrees, maxDegrees]} and scales by a uniform factor in
     * {@code [minScale, maxScale]} about the centre, in one bilinear resampling; same size out.
     *
     * @throws IllegalArgumentException if {@code maxDegrees} is outside [0, 180] or not
     *     {@code 0 < minScale <= maxScale < 10}
     */
    static Augmentation rotateScale(double maxDegrees, double minScale, double maxScale) {
        return new RotateScale(maxDegrees, minScale, maxScale);
    }

    /**
     * With probability {@code p}, replaces a random rectangle with random pixel values: its area is a uniform share
     * in {@code [minArea, maxArea]} of the image, its aspect ratio log-uniform in [0.3, 3.3], redrawn up to 10 times
     * until it fits, else the image is left as it is (Zhong et al., "Random Erasing Data Augmentation", AAAI 2020;
     * their defaults are p = 0.5, areas 0.02–0.4).
     *
     * @throws IllegalArgumentException if {@code p} is outside [0, 1] or not {@code 0 < minArea <= maxArea <= 1}
     */
    static Augmentation randomErasing(double p, double minArea, double maxArea) {
        return new RandomErasing(p, minArea, maxArea);
    }

    /**
     * See {@link Augmentation#randomErasing}.
     *
     * @param p the probability of erasing, in [0, 1]
     * @param minArea the smallest share of the image erased, in (0, maxArea]
     * @param maxArea the largest share of the image erased, in [minArea, 1]
     */
    record RandomErasing(double p, double minArea, double maxArea) implements Augmentation {
        /**
         * Validates the parameters.
         *
         * @throws IllegalArgumentException if {@code p} is outside [0, 1] or not {@code 0 < minArea <= maxArea <= 1}
         */
        public RandomErasing {
            Checks.probability(p);
            if (!(minArea > 0 && minArea <= maxArea && maxArea <= 1)) {
                throw new IllegalArgumentException("need 0 < minArea <= maxArea <= 1, got " + minArea + ", "
                        + maxArea);
            }
        }

        @Override
        public Bitmap apply(Bitmap image, RandomGenerator random) {
            if (random.nextDouble() >= p) {
                return image;
            }
            int h = image.height();
            int w = image.width();
            // as the paper: draw until the rectangle fits (bounded here), else leave the image alone
            for (int attempt = 0; attempt < 10; attempt++) {
                double area = (minArea + random.nextDouble() * (maxArea - minArea)) * h * w;
                double ratio = Math.exp(Math.log(0.3) + random.nextDouble() * (Math.log(3.3) - Math.log(0.3)));
                int eh = (int) Math.round(Math.sqrt(area * ratio));
                int ew = (int) Math.round(Math.sqrt(area / ratio));
                if (eh < 1 || ew < 1 || eh > h || ew > w) {
                    continue;
                }
                int y0 = random.nextInt(h - eh + 1);
                int x0 = random.nextInt(w - ew + 1);
                int c = image.channels();
                byte[] px = image.toBytes();
                for (int y = y0; y < y0 + eh; y++) {
                    for (int x = x0; x < x0 + ew; x++) {
                        for (int ch = 0; ch < c; ch++) {
                            px[(y * w + x) * c + ch] = (byte) random.nextInt(256);
                        }
                    }
                }
                return Bitmap.of(h, w, c, px);
            }
            return image;
        }
    }

    /**
     * Steps applied in order.
     *
     * @param steps the steps, first to last
     */
    record Pipeline(List<Augmentation> steps) implements Augmentation {
        /**
         * Copies the steps.
         *
         * @throws NullPointerException if {@code steps} is or holds null
         */
        public Pipeline {
            steps = List.copyOf(steps);
        }

        @Override
        public Bitmap apply(Bitmap image, RandomGenerator random) {
            Bitmap out = image;
            for (Augmentation step : steps) {
                out = step.apply(out, random);
            }
            return out;
        }

        @Override
        public Augmentation then(Augmentation next) {
            List<Augmentation> all = new java.util.ArrayList<>(steps);
            all.add(next);
            return new Pipeline(all);
        }
    }

    /**
     * See {@link Augmentation#horizontalFlip}.
     *
     * @param p the probability of mirroring, in [0, 1]
     */
    record HorizontalFlip(double p) implements Augmentation {
        /**
         * Validates {@code p}.
         *
         * @throws IllegalArgumentException if {@code p} is outside [0, 1]
         */
        public HorizontalFlip {
            Checks.probability(p);
        }

        @Override
        public Bitmap apply(Bitmap image, RandomGenerator random) {
            return random.nextDouble() < p ? image.flipHorizontal() : image;
        }
    }

    /**
     * See {@link Augmentation#verticalFlip}.
     *
     * @param p the probability of mirroring, in [0, 1]
     */
    record VerticalFlip(double p) implements Augmentation {
        /**
         * Validates {@code p}.
         *
         * @throws IllegalArgumentException if {@code p} is outside [0, 1]
         */
        public VerticalFlip {
            Checks.probability(p);
        }

        @Override
        public Bitmap apply(Bitmap image, RandomGenerator random) {
            return random.nextDouble() < p ? image.flipVertical() : image;
        }
    }

    /**
     * See {@link Augmentation#randomShift}. {@link #apply} rejects an image whose shorter side is not longer than
     * {@code padding}.
     *
     * @param padding the largest shift in pixels, at least 0 (0 leaves images as they are)
     */
    record RandomShift(int padding) implements Augmentation {
        /**
         * Validates {@code padding}.
         *
         * @throws IllegalArgumentException if {@code padding} is negative
         */
        public RandomShift {
            if (padding < 0) {
                throw new IllegalArgumentException("padding must be >= 0, got " + padding);
            }
        }

        @Override
        public Bitmap apply(Bitmap image, RandomGenerator random) {
            if (padding == 0) {
                return image;
            }
            if (padding >= Math.min(image.height(), image.width())) {
                throw new IllegalArgumentException("padding " + padding + " is too large for a " + image.height()
                        + "x" + image.width() + " image");
            }
            Bitmap padded = image.padReflect(padding);
            int y = random.nextInt(2 * padding + 1);
            int x = random.nextInt(2 * padding + 1);
            return padded.crop(y, x, image.height(), image.width());
        }
    }

    /**
     * See {@link Augmentation#randomCrop}. {@link #apply} rejects an image smaller than the crop.
     *
     * @param height the crop height in pixels, at least 1
     * @param width the crop width in pixels, at least 1
     */
    record RandomCrop(int height, int width) implements Augmentation {
        /**
         * Validates the crop size.
         *
         * @throws IllegalArgumentException if a side is below 1
         */
        public RandomCrop {
            if (height < 1 || width < 1) {
                throw new IllegalArgumentException("crop size must be >= 1x1, got " + height + "x" + width);
            }
        }

        @Override
        public Bitmap apply(Bitmap image, RandomGenerator random) {
            if (image.height() < height || image.width() < width) {
                throw new IllegalArgumentException("image is " + image.height() + "x" + image.width()
                        + ", smaller than the " + height + "x" + width + " crop");
            }
            int y = random.nextInt(image.height() - height + 1);
            int x = random.nextInt(image.width() - width + 1);
            return image.crop(y, x, height, width);
        }
    }

    /**
     * See {@link Augmentation#rotateScale}.
     *
     * @param maxDegrees the largest rotation either way, in degrees, in [0, 180]
     * @param minScale the smallest scale factor, in (0, maxScale]
     * @param maxScale the largest scale factor, in [minScale, 10)
     */
    record RotateScale(double maxDegrees, double minScale, double maxScale) implements Augmentation {
        /**
         * Validates the ranges.
         *
         * @throws IllegalArgumentException if {@code maxDegrees} is outside [0, 180] or not
         *     {@code 0 < minScale <= maxScale < 10}
         */
        public RotateScale {
            if (!(maxDegrees >= 0 && maxDegrees <= 180)) {
                throw new IllegalArgumentException("maxDegrees must be in [0, 180], got " + maxDegrees);
            }
            if (!(minScale > 0 && minScale <= maxScale && maxScale < 10)) {
                throw new IllegalArgumentException("need 0 < minScale <= maxScale < 10, got " + minScale + ", "
                        + maxScale);
            }
        }

        @Override
        public Bitmap apply(Bitmap image, RandomGenerator random) {
            double degrees = maxDegrees == 0 ? 0 : random.nextDouble(-maxDegrees, maxDegrees);
            double scale = minScale == maxScale ? minScale : random.nextDouble(minScale, maxScale);
            return degrees == 0 && scale == 1 ? image : image.rotateScale(degrees, scale);
        }
    }
}
