package dev.pigment.core.dataset;

import dev.pigment.core.InputSpec;
import dev.pigment.core.Preprocessor;
import dev.pigment.core.Seeds;
import dev.pigment.core.augment.Augmentation;
import dev.pigment.core.image.Bitmap;
import dev.pigment.core.source.LabelledImages;
import java.util.List;
import java.util.Objects;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Batches of labelled images as DL4J {@link DataSet}s: features as the {@link InputSpec} describes them, labels
 * one-hot over the class names (which {@link #getLabels()} returns). Optionally shuffled and augmented; both are
 * driven by an explicit seed, so epoch {@code e} is the same on every run. {@link #reset()} starts the next epoch
 * (a new order and new augmentations). DL4J prefetches from it on a background thread ({@link #asyncSupported()}).
 */
public final class ClassificationIterator extends EpochIterator {
    /** The images and labels iterated over. */
    private final LabelledImages images;
    /** Fits and writes each image as the input spec says. */
    private final Preprocessor preprocessor;
    /** Whether each epoch visits the images in a new seeded order. */
    private final boolean shuffle;
    /** Applied to each image before fitting; null for none. */
    private final Augmentation augmentation;
    /** The seed of shuffling and augmentation (0 when neither is used). */
    private final long seed;
    /** Label smoothing ε, in [0, 1). */
    private final double labelSmoothing;
    /** The image index of each item of the current epoch. */
    private final int[] order;

    private ClassificationIterator(Builder b) {
        super(b.batchSize);
        this.images = b.images;
        this.preprocessor = new Preprocessor(b.spec, b.allowUpscale);
        this.shuffle = b.shuffle;
        this.augmentation = b.augmentation;
        this.seed = b.seed == null ? 0 : b.seed;
        this.labelSmoothing = b.labelSmoothing;
        this.order = new int[images.size()];
        startEpoch(0);
    }

    /** A builder over {@code images} producing input as {@code spec} describes. */
    public static Builder builder(LabelledImages images, InputSpec spec) {
        return new Builder(images, spec);
    }

    /** Configures a {@link ClassificationIterator}; {@link #build()} validates. */
    public static final class Builder {
        private final LabelledImages images;
        private final InputSpec spec;
        private int batchSize = 64;
        private boolean shuffle;
        private Augmentation augmentation;
        private Long seed;
        private boolean allowUpscale;
        private double labelSmoothing;

        private Builder(LabelledImages images, InputSpec spec) {
            this.images = Objects.requireNonNull(images, "images");
            this.spec = Objects.requireNonNull(spec, "spec");
        }

        /** Images per batch (the last batch of an epoch may be smaller); default 64. */
        public Builder batchSize(int value) {
            this.batchSize = value;
            return this;
        }

        /** Whether each epoch visits the images in a new seeded order; default false. Needs {@link #seed(long)}. */
        public Builder shuffle(boolean value) {
            this.shuffle = value;
            return this;
        }

        /** Augmentation applied to each image before it is fitted to the input; default none. Needs a seed. */
        public Builder augmentation(Augmentation value) {
            this.augmentation = Objects.requireNonNull(value, "augmentation");
            return this;
        }

        /** The seed of shuffling and augmentation. */
        public Builder seed(long value) {
            this.seed = value;
            return this;
        }

        /** Whether images smaller than the input are enlarged rather than rejected; default false. */
        public Builder allowUpscale(boolean value) {
            this.allowUpscale = value;
            return this;
        }

        /**
         * Label smoothing ε (Szegedy et al., "Rethinking the Inception Architecture", CVPR 2016): targets become
         * {@code (1 − ε)·onehot + ε/K}; default 0 (one-hot).
         */
        public Builder labelSmoothing(double value) {
            this.labelSmoothing = value;
            return this;
        }

        /**
         * The iterator, at the first batch of epoch 0.
         *
         * @throws IllegalArgumentException if the batch size is below 1, label smoothing is outside [0, 1), there
         *     are no images, or shuffling or augmentation is on without a seed
         */
        public ClassificationIterator build() {
            if (!(labelSmoothing >= 0 && labelSmoothing < 1)) {
                throw new IllegalArgumentException("labelSmoothing must be in [0, 1), got " + labelSmoothing);
            }
            if (images.size() == 0) {
                throw new IllegalArgumentException("images is empty");
            }
            if ((shuffle || augmentation != null) && seed == null) {
                throw new IllegalArgumentException("shuffling and augmentation need an explicit seed: call seed(...)");
            }
            return new ClassificationIterator(this);
        }
    }

    @Override
    void startEpoch(long epoch) {
        for (int i = 0; i < order.length; i++) {
            order[i] = i;
        }
        if (shuffle) {
            Seeds.shuffle(order, Seeds.stream(seed, epoch, -1));
        }
    }

    @Override
    int epochSize() {
        return order.length;
    }

    @Override
    DataSet makeBatch(long epoch, int from, int n) {
        InputSpec spec = preprocessor.spec();
        int k = images.numClasses();
        float[] features = new float[n * spec.pixelValues()];
        float[] labels = new float[n * k];
        float off = (float) (labelSmoothing / k);
        float on = (float) (1 - labelSmoothing) + off;
        if (labelSmoothing > 0) {
            java.util.Arrays.fill(labels, off);
        }
        for (int i = 0; i < n; i++) {
            int index = order[from + i];
            Bitmap image = images.image(index);
            if (augmentation != null) {
                image = augmentation.apply(image, Seeds.stream(seed, epoch, index));
            }
            preprocessor.write(preprocessor.fit(image), features, i);
            labels[i * k + images.label(index)] = on;
        }
        DataSet ds = new DataSet(Nd4j.create(features, spec.batchShape(n), 'c'),
                Nd4j.create(labels, new long[] {n, k}, 'c'));
        ds.setLabelNames(images.classNames());
        return ds;
    }

    @Override
    public int inputColumns() {
        return preprocessor.spec().pixelValues();
    }

    @Override
    public int totalOutcomes() {
        return images.numClasses();
    }

    @Override
    public List<String> getLabels() {
        return images.classNames();
    }
}
