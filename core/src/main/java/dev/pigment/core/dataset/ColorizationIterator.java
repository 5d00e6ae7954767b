package dev.pigment.core.dataset;

import dev.pigment.core.ColorSpace;
import dev.pigment.core.InputSpec;
import dev.pigment.core.Preprocessor;
import dev.pigment.core.Seeds;
import dev.pigment.core.color.Lab;
import dev.pigment.core.image.Bitmap;
import dev.pigment.core.source.PhotoSet;
import java.util.List;
import java.util.Objects;
import java.util.SplittableRandom;
import org.deeplearning4j.nn.conf.CNN2DFormat;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Batches of photo crops for colorization as DL4J {@link DataSet}s: the features are the crop's CIE L* (one
 * channel, normalised as the {@link InputSpec} says), the labels its a* and b* divided by {@link #AB_SCALE} (two
 * channels, in the same layout). This is the L → ab split of Zhang, Isola and Efros, "Colorful Image Colorization"
 * (ECCV 2016).
 *
 * <p>Two modes: {@linkplain Builder#randomCrops random crops} for training (a seeded photo, zoom, position and
 * horizontal flip per crop; epoch {@code e} is the same on every run) and {@linkplain Builder#centreCrops centre
 * crops} for validation (one crop per photo, the largest region of the input's aspect, deterministic).
 */
public final class ColorizationIterator extends EpochIterator {
    /**
     * a* and b* are divided by this to form the targets: the sRGB gamut spans a* ∈ [-86.2, 98.2] and
     * b* ∈ [-107.9, 94.5], so targets fall within [-0.99, 0.90]. Multiply model outputs by it to get a*, b*.
     */
    public static final float AB_SCALE = 110f;

    /** The photos crops are taken from. */
    private final PhotoSet photos;
    /** The model input: crop size, L* normalisation and layout. */
    private final InputSpec spec;
    /** Turns each crop into the network's L* input, the same way as at inference. */
    private final transient Preprocessor preprocessor;
    /** True for random training crops, false for one centre crop per photo. */
    private final boolean random;
    /** Items per epoch: the random crops, or the number of photos. */
    private final int cropsPerEpoch;
    /** Smallest zoom of a random crop, at least 1. */
    private final double minZoom;
    /** Largest zoom of a random crop, at most 16. */
    private final double maxZoom;
    /** Whether random crops are mirrored half of the time. */
    private final boolean flip;
    /** The seed of the random crops. */
    private final long seed;

    private ColorizationIterator(Builder b) {
        super(b.batchSize);
        this.photos = b.photos;
        this.spec = b.spec;
        this.preprocessor = new Preprocessor(b.spec, true);
        this.random = b.random;
        this.cropsPerEpoch = b.random ? b.cropsPerEpoch : b.photos.size();
        this.minZoom = b.minZoom;
        this.maxZoom = b.maxZoom;
        this.flip = b.flip;
        this.seed = b.seed;
    }

    /** A builder over {@code photos}; {@code spec} gives the crop size and must be {@link ColorSpace#LAB_L}. */
    public static Builder builder(PhotoSet photos, InputSpec spec) {
        return new Builder(photos, spec);
    }

    /** Configures a {@link ColorizationIterator}; {@link #build()} validates. */
    public static final class Builder {
        private final PhotoSet photos;
        private final InputSpec spec;
        private int batchSize = 32;
        private boolean random;
        private int cropsPerEpoch;
        private long seed;
        private double minZoom = 1.0;
        private double maxZoom = 2.0;
        private boolean flip = true;
        private boolean modeSet;

        private Builder(PhotoSet photos, InputSpec spec) {
            this.photos = Objects.requireNonNull(photos, "photos");
            this.spec = Objects.requireNonNull(spec, "spec");
        }

        /** Crops per batch; default 32. */
        public Builder batchSize(int value) {
            this.batchSize = value;
            return this;
        }

        /** Training mode: {@code cropsPerEpoch} random crops per epoch, drawn with {@code seed}. */
        public Builder randomCrops(int cropsPerEpoch, long seed) {
            this.random = true;
            this.cropsPerEpoch = cropsPerEpoch;
            this.seed = seed;
            this.modeSet = true;
            return this;
        }

        /** Validation mode: one centre crop per photo, in photo order. */
        public Builder centreCrops() {
            this.random = false;
            this.modeSet = true;
            return this;
        }

        /**
         * Random crops cover a region {@code zoom} times the input size, drawn uniformly from
         * {@code [minZoom, maxZoom]} (reduced where a photo is too small), resized down to the input; default
         * 1..2.
         */
        public Builder zoom(double min, double max) {
            this.minZoom = min;
            this.maxZoom = max;
            return this;
        }

        /** Whether random crops are mirrored left to right half of the time; default true. */
        public Builder horizontalFlip(boolean value) {
            this.flip = value;
            return this;
        }

        /**
         * The iterator, at the first batch of epoch 0.
         *
         * @throws IllegalArgumentException if no mode was chosen, the spec is not {@link ColorSpace#LAB_L}, there
         *     are no photos, {@code cropsPerEpoch} is below 1, the zoom range is not within
         *     {@code 1 <= min <= max <= 16}, the batch size is below 1, or a photo is smaller than the input
         */
        public ColorizationIterator build() {
            if (!modeSet) {
                throw new IllegalArgumentException("choose randomCrops(cropsPerEpoch, seed) or centreCrops()");
            }
            if (spec.colorSpace() != ColorSpace.LAB_L) {
                throw new IllegalArgumentException("the colorizer's input is L*: spec colour space must be LAB_L, got "
                        + spec.colorSpace());
            }
            if (photos.size() == 0) {
                throw new IllegalArgumentException("photos is empty");
            }
            if (random && cropsPerEpoch < 1) {
                throw new IllegalArgumentException("cropsPerEpoch must be >= 1, got " + cropsPerEpoch);
            }
            if (!(minZoom >= 1 && minZoom <= maxZoom && maxZoom <= 16)) {
                throw new IllegalArgumentException("need 1 <= minZoom <= maxZoom <= 16, got " + minZoom + ", "
                        + maxZoom);
            }
            for (int i = 0; i < photos.size(); i++) {
                Bitmap p = photos.photo(i);
                if (p.height() < spec.height() || p.width() < spec.width()) {
                    throw new IllegalArgumentException(photos.file(i) + ": photo is " + p.height() + "x" + p.width()
                            + " at working size, smaller than the " + spec.height() + "x" + spec.width() + " crop");
                }
            }
            return new ColorizationIterator(this);
        }
    }

    @Override
    int epochSize() {
        return cropsPerEpoch;
    }

    /**
     * The crop that item {@code index} of epoch {@code epoch} is made from, in sRGB at the input size; in centre-crop
     * mode item {@code index} is photo {@code index}, whatever the epoch.
     */
    public Bitmap crop(long epoch, int index) {
        int h = spec.height();
        int w = spec.width();
        if (!random) {
            Bitmap photo = photos.photo(index);
            double zoom = Math.min((double) photo.height() / h, (double) photo.width() / w);
            int rh = Math.min(photo.height(), (int) Math.round(h * zoom));
            int rw = Math.min(photo.width(), (int) Math.round(w * zoom));
            return photo.centerCrop(rh, rw).resize(h, w);
        }
        SplittableRandom rng = Seeds.stream(seed, epoch, index);
        Bitmap photo = photos.photo(rng.nextInt(photos.size()));
        double fit = Math.min((double) photo.height() / h, (double) photo.width() / w);
        double zoom = Math.min(fit, minZoom == maxZoom ? minZoom : rng.nextDouble(minZoom, maxZoom));
        int rh = Math.min(photo.height(), (int) Math.round(h * zoom));
        int rw = Math.min(photo.width(), (int) Math.round(w * zoom));
        int y = rng.nextInt(photo.height() - rh + 1);
        int x = rng.nextInt(photo.width() - rw + 1);
        Bitmap crop = photo.crop(y, x, rh, rw).resize(h, w);
        return flip && rng.nextBoolean() ? crop.flipHorizontal() : crop;
    }

    @Override
    DataSet makeBatch(long epoch, int from, int n) {
        int h = spec.height();
        int w = spec.width();
        int plane = h * w;
        boolean nchw = spec.format() == CNN2DFormat.NCHW;
        float[] features = new float[n * plane];
        float[] labels = new float[n * plane * 2];
        double[] lab = new double[3];
        for (int i = 0; i < n; i++) {
            Bitmap crop = crop(epoch, from + i);
            preprocessor.write(crop, features, i);   // L*, normalised and laid out as at inference
            for (int p = 0; p < plane; p++) {
                int y = p / w;
                int x = p % w;
                Lab.fromSrgb8(crop.get(y, x, 0), crop.get(y, x, 1), crop.get(y, x, 2), lab);
                float a = (float) lab[1] / AB_SCALE;
                float b = (float) lab[2] / AB_SCALE;
                if (nchw) {
                    labels[(i * 2) * plane + p] = a;
                    labels[(i * 2 + 1) * plane + p] = b;
                } else {
                    labels[(i * plane + p) * 2] = a;
                    labels[(i * plane + p) * 2 + 1] = b;
                }
            }
        }
        long[] labelShape = nchw ? new long[] {n, 2, h, w} : new long[] {n, h, w, 2};
        return new DataSet(Nd4j.create(features, spec.batchShape(n), 'c'), Nd4j.create(labels, labelShape, 'c'));
    }

    @Override
    public int inputColumns() {
        return spec.pixelValues();
    }

    @Override
    public int totalOutcomes() {
        return 2 * spec.height() * spec.width();
    }

    /** Colorization has no class labels. */
    @Override
    public List<String> getLabels() {
        return null;
    }
}
