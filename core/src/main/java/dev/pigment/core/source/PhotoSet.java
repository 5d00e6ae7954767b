package dev.pigment.core.source;

import dev.pigment.core.BadFilePolicy;
import dev.pigment.core.BadInputException;
import dev.pigment.core.LoadReport;
import dev.pigment.core.Loaded;
import dev.pigment.core.image.Bitmap;
import dev.pigment.core.image.ImageFiles;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Unlabelled photos of any size, decoded once and kept in memory at a working resolution, for colorization: the
 * training iterator samples seeded random crops from them, and {@link #split} holds out whole photos for validation.
 */
public final class PhotoSet {
    private final List<Bitmap> photos;
    private final List<Path> files;

    private PhotoSet(List<Bitmap> photos, List<Path> files) {
        this.photos = List.copyOf(photos);
        this.files = List.copyOf(files);
    }

    /**
     * How photos are read.
     *
     * @param maxShortSide photos whose shorter side is longer are downscaled to it when read, to bound memory
     *     (a 1920×1080 photo is kept as 455×256 with the default 256); 0 keeps full resolution
     * @param minSide photos whose shorter side (after downscaling) is below this are bad input, e.g. the crop size
     * @param requireColour whether gray photos (every pixel's R, G, B within 8 levels) are bad input, as they are
     *     for training a colorizer
     * @param policy what to do with a bad photo
     * @param threads decoding threads
     */
    public record Options(int maxShortSide, int minSide, boolean requireColour, BadFilePolicy policy, int threads) {
        /**
         * Validates the options.
         *
         * @throws IllegalArgumentException if {@code maxShortSide} is negative or (when not 0) below
         *     {@code minSide}, {@code minSide} is below 1, or {@code threads} is below 1
         * @throws NullPointerException if {@code policy} is null
         */
        public Options {
            if (maxShortSide < 0) {
                throw new IllegalArgumentException("maxShortSide must be >= 0 (0 keeps full size), got "
                        + maxShortSide);
            }
            if (minSide < 1) {
                throw new IllegalArgumentException("minSide must be >= 1, got " + minSide);
            }
            if (maxShortSide > 0 && maxShortSide < minSide) {
                throw new IllegalArgumentException("maxShortSide " + maxShortSide + " is below minSide " + minSide);
            }
            Objects.requireNonNull(policy, "policy");
            if (threads < 1) {
                throw new IllegalArgumentException("threads must be >= 1, got " + threads);
            }
        }

        /** Short side 256, minimum side 64, colour required, failing on bad files, one thread per core. */
        public static Options defaults() {
            return new Options(256, 64, true, BadFilePolicy.FAIL, Runtime.getRuntime().availableProcessors());
        }

        /** These options with {@code maxShortSide} set to {@code value}. */
        public Options withMaxShortSide(int value) {
            return new Options(value, minSide, requireColour, policy, threads);
        }

        /** These options with {@code minSide} set to {@code value}. */
        public Options withMinSide(int value) {
            return new Options(maxShortSide, value, requireColour, policy, threads);
        }

        /** These options with {@code requireColour} set to {@code value}. */
        public Options withRequireColour(boolean value) {
            return new Options(maxShortSide, minSide, value, policy, threads);
        }

        /** These options with {@code policy} set to {@code value}. */
        public Options withPolicy(BadFilePolicy value) {
            return new Options(maxShortSide, minSide, requireColour, value, threads);
        }

        /** These options with {@code threads} set to {@code value}. */
        public Options withThreads(int value) {
            return new Options(maxShortSide, minSide, requireColour, policy, value);
        }
    }

    /**
     * Reads the given photo files, in order, as {@code options} says; a photo that is unreadable, too small or
     * (when colour is required) gray is a bad file.
     *
     * @throws BadInputException for a bad photo under {@link BadFilePolicy#FAIL}, or when every file was skipped
     */
    public static Loaded<PhotoSet> load(List<Path> files, Options options) throws BadInputException {
        ParallelDecode.Result result = ParallelDecode.run(files, photo -> prepare(photo, options), options.policy(),
                options.threads());
        List<Bitmap> kept = new ArrayList<>();
        List<Path> keptFiles = new ArrayList<>();
        for (int i = 0; i < files.size(); i++) {
            if (result.images().get(i) != null) {
                kept.add(result.images().get(i));
                keptFiles.add(files.get(i));
            }
        }
        if (kept.isEmpty() && !files.isEmpty()) {
            throw new BadInputException(files.get(0).toAbsolutePath().getParent(),
                    "holds no usable photo; every file was skipped: " + result.skipped());
        }
        return new Loaded<>(new PhotoSet(kept, keptFiles), new LoadReport(kept.size(), result.skipped()));
    }

    /**
     * Reads every image file under {@code dir}, recursively.
     *
     * @throws BadInputException if the folder is missing or holds no image files, or for a bad photo under FAIL
     */
    public static Loaded<PhotoSet> load(Path dir, Options options) throws BadInputException {
        List<Path> files = ImageFiles.list(dir);
        if (files.isEmpty()) {
            throw new BadInputException(dir, "holds no photos (looked for "
                    + String.join(", ", ImageFiles.EXTENSIONS.stream().sorted().toList()) + ")");
        }
        return load(files, options);
    }

    private static Bitmap prepare(Bitmap photo, Options options) {
        if (options.requireColour() && photo.isGrayscale(8)) {
            throw new IllegalArgumentException("is a grayscale photo; colorization training needs colour photos");
        }
        Bitmap kept = photo;
        int shortSide = Math.min(photo.height(), photo.width());
        if (options.maxShortSide() > 0 && shortSide > options.maxShortSide()) {
            kept = photo.resizeShorterSide(options.maxShortSide());
        }
        if (Math.min(kept.height(), kept.width()) < options.minSide()) {
            throw new IllegalArgumentException("is " + photo.height() + "x" + photo.width()
                    + ", smaller than the minimum side " + options.minSide());
        }
        return kept.toRgb();
    }

    /** Number of photos. */
    public int size() {
        return photos.size();
    }

    /** The photos at working resolution, sRGB, in order. */
    public List<Bitmap> photos() {
        return photos;
    }

    /** Photo {@code i} at working resolution, sRGB. */
    public Bitmap photo(int i) {
        return photos.get(i);
    }

    /** The file photo {@code i} was read from. */
    public Path file(int i) {
        return files.get(i);
    }

    /**
     * Whole photos held out for test, seeded by {@code seed} (see {@link Split#random}): no crop of a test photo is
     * ever a training crop.
     *
     * @throws IllegalArgumentException if {@code testFraction} is outside [0, 1]
     */
    public Parts split(double testFraction, long seed) {
        Split s = Split.random(photos.size(), testFraction, seed);
        return new Parts(subset(s.train()), subset(s.test()));
    }

    /**
     * K-fold cross-validation by whole photo ({@link Split#folds}): every photo is in exactly one test part.
     *
     * @throws IllegalArgumentException unless {@code 2 <= k <= size()}
     */
    public List<Parts> folds(int k, long seed) {
        List<Parts> out = new ArrayList<>();
        for (Split s : Split.folds(photos.size(), k, seed)) {
            out.add(new Parts(subset(s.train()), subset(s.test())));
        }
        return out;
    }

    /**
     * The two parts of a split.
     *
     * @param train the training photos
     * @param test the test photos
     */
    public record Parts(PhotoSet train, PhotoSet test) {
        /**
         * Checks the parts.
         *
         * @throws NullPointerException if a part is null
         */
        public Parts {
            Objects.requireNonNull(train, "train");
            Objects.requireNonNull(test, "test");
        }
    }

    private PhotoSet subset(int[] indices) {
        List<Bitmap> p = new ArrayList<>();
        List<Path> f = new ArrayList<>();
        for (int i : indices) {
            p.add(photos.get(i));
            f.add(files.get(i));
        }
        return new PhotoSet(p, f);
    }

    @Override
    public String toString() {
        return "PhotoSet[" + photos.size() + " photos]";
    }
}
