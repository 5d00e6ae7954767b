package dev.pigment.models.colorizer;

import dev.pigment.core.color.AbBins;
import dev.pigment.core.dataset.ColorizationIterator;
import dev.pigment.core.source.PhotoSet;
import dev.pigment.models.engine.PixelLoss;
import java.util.Locale;
import java.util.Objects;
import java.util.Properties;
import org.deeplearning4j.nn.conf.CNN2DFormat;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.api.DataSetPreProcessor;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.lossfunctions.impl.LossL1;
import org.nd4j.linalg.lossfunctions.impl.LossMCXENT;
import org.nd4j.linalg.lossfunctions.impl.LossMSE;

/**
 * What a colorizer's network predicts per pixel and how that becomes a*b*: the head owns its output channels, its
 * loss, the encoding of the training targets, the decoding of the network's output, the a*b* scale and the settings
 * it stores in the model file. Two heads (Zhang, Isola and Efros, "Colorful Image Colorization", ECCV 2016, compare
 * them): {@link Regression} and {@link Classification}.
 */
public sealed interface ColorizerHead permits ColorizerHead.Regression, ColorizerHead.Classification {
    /** The kind of head, as {@link ColorizerConfig} names it. */
    ColorizerConfig.Head kind();

    /** Channels of the network's output per pixel. */
    int outputChannels();

    /** The per-pixel loss layer over the head's output, in {@code format}. */
    PixelLoss loss(CNN2DFormat format);

    /**
     * Turns the {@link ColorizationIterator}'s labels (a*, b* divided by {@link #abScale()}) into this head's targets,
     * or null when the labels are the targets.
     */
    DataSetPreProcessor targets(CNN2DFormat format);

    /** Decodes one pixel of the network's output, {@code out[at ..]}, into {@code ab[abAt]} (a*) and {@code ab[abAt + 1]} (b*). */
    void decode(float[] out, int at, float[] ab, int abAt);

    /** The factor between the iterator's labels and a*b* (a label of 1 is {@code abScale()} units of a* or b*). */
    float abScale();

    /** The head's settings for the model file: {@code head}, {@code abScale} and the kind's own. */
    Properties metadata();

    /**
     * The regression head at the {@link ColorizationIterator}'s a*b* scale with {@code loss}, the one {@link #of}
     * makes.
     */
    static Regression regression(ColorizerConfig.Loss loss) {
        return new Regression(ColorizationIterator.AB_SCALE, loss);
    }

    /** {@link #regression(ColorizerConfig.Loss)} with the default loss, {@link ColorizerConfig#DEFAULT_LOSS}. */
    static Regression regression() {
        return regression(ColorizerConfig.DEFAULT_LOSS);
    }

    /**
     * The head {@code config} asks for; a classification head's a*b* cells, prior and rebalancing weights come from
     * {@code training}'s pixels ({@link AbBins#fromPhotos}).
     */
    static ColorizerHead of(ColorizerConfig config, PhotoSet training) {
        return config.head() == ColorizerConfig.Head.REGRESSION ? regression(config.loss())
                : new Classification(AbBins.fromPhotos(training.photos(), AbBins.DEFAULT_GRID, config.rebalancing()),
                        config.temperature(), ColorizationIterator.AB_SCALE);
    }

    /**
     * The head stored in a model file's metadata by {@link #metadata()}.
     *
     * @throws IllegalArgumentException if a setting is missing or invalid
     */
    static ColorizerHead fromMetadata(Properties meta) {
        String kind = Objects.requireNonNull(meta.getProperty("head"), "the head kind (\"head\")");
        // files written before the scale was stored used the iterator's
        float scale = Float.parseFloat(meta.getProperty("abScale", Float.toString(ColorizationIterator.AB_SCALE)));
        return switch (ColorizerConfig.Head.valueOf(kind)) {
            // files written before the loss was stored were trained with L1
            case REGRESSION -> new Regression(scale, ColorizerConfig.Loss.valueOf(meta.getProperty("loss", "L1")));
            case CLASSIFICATION -> new Classification(AbBins.parse(Objects.requireNonNull(meta.getProperty("bins"),
                    "the a*b* cells (\"bins\")")), Double.parseDouble(Objects.requireNonNull(
                    meta.getProperty("temperature"), "the temperature (\"temperature\")")), scale);
        };
    }

    /**
     * a*b* regression with an L1 or L2 loss. L2's minimiser is the conditional mean: where the photo does not tell
     * the colour, the mean of the plausible ones, which PSNR rewards and which fades towards brown and gray; L1's is
     * the conditional median, one plausible colour kept whole.
     *
     * @param abScale the factor between the network's output and a*b*
     * @param loss the per-pixel loss it is trained with (stored with the model; prediction does not depend on it)
     */
    record Regression(float abScale, ColorizerConfig.Loss loss) implements ColorizerHead {
        /** Validates the scale. */
        public Regression {
            Objects.requireNonNull(loss, "loss");
            if (!(abScale > 0 && abScale < 1000)) {
                throw new IllegalArgumentException("abScale must be in (0, 1000), got " + abScale);
            }
        }

        @Override
        public ColorizerConfig.Head kind() {
            return ColorizerConfig.Head.REGRESSION;
        }

        @Override
        public int outputChannels() {
            return ColorizerConfig.AB_CHANNELS;
        }

        @Override
        public PixelLoss loss(CNN2DFormat format) {
            return PixelLoss.of(loss == ColorizerConfig.Loss.L1 ? new LossL1() : new LossMSE(), Activation.IDENTITY,
                    format);
        }

        @Override
        public DataSetPreProcessor targets(CNN2DFormat format) {
            if (abScale == ColorizationIterator.AB_SCALE) {
                return null;
            }
            // the iterator's labels are a*b* / AB_SCALE; this head's outputs are a*b* / abScale
            float factor = ColorizationIterator.AB_SCALE / abScale;
            return ds -> ds.setLabels(ds.getLabels().mul(factor));
        }

        @Override
        public void decode(float[] out, int at, float[] ab, int abAt) {
            ab[abAt] = out[at] * abScale;
            ab[abAt + 1] = out[at + 1] * abScale;
        }

        @Override
        public Properties metadata() {
            Properties p = new Properties();
            p.setProperty("head", kind().name());
            p.setProperty("abScale", Float.toString(abScale));
            p.setProperty("loss", loss.name());
            return p;
        }

        @Override
        public String toString() {
            return "REGRESSION (" + loss + " loss)";
        }
    }

    /**
     * A softmax over quantised a*b* cells per pixel (Zhang et al. §2.2): trained on soft-encoded, class-rebalanced
     * targets (per pixel the five nearest cells, Gaussian-weighted, summing to the nearest cell's rebalancing weight)
     * and decoded by the annealed mean at a temperature.
     *
     * @param bins the a*b* cells with their prior and rebalancing weights
     * @param temperature the annealed-mean temperature, in (0, 1] (Zhang et al.: 0.38)
     * @param abScale the a*b* scale of the model file (the network's output is cell probabilities, so it only
     *     travels with the model)
     */
    record Classification(AbBins bins, double temperature, float abScale) implements ColorizerHead {
        /** Validates the settings. */
        public Classification {
            Objects.requireNonNull(bins, "bins");
            if (bins.size() < 2) {
                throw new IllegalArgumentException("the classification head needs at least 2 a*b* cells, got "
                        + bins.size());
            }
            if (!(temperature > 0 && temperature <= 1)) {
                throw new IllegalArgumentException("temperature must be in (0, 1], got " + temperature);
            }
            if (!(abScale > 0 && abScale < 1000)) {
                throw new IllegalArgumentException("abScale must be in (0, 1000), got " + abScale);
            }
        }

        /** The same cells decoded at another annealed-mean temperature. */
        public Classification withTemperature(double value) {
            return new Classification(bins, value, abScale);
        }

        @Override
        public ColorizerConfig.Head kind() {
            return ColorizerConfig.Head.CLASSIFICATION;
        }

        @Override
        public int outputChannels() {
            return bins.size();
        }

        @Override
        public PixelLoss loss(CNN2DFormat format) {
            // weights of 1 make DL4J use the general softmax gradient p·Σz − z, which rebalanced targets (soft
            // encodings scaled by the cell's weight) need
            return PixelLoss.of(new LossMCXENT(Nd4j.ones(bins.size())), Activation.SOFTMAX, format);
        }

        @Override
        public DataSetPreProcessor targets(CNN2DFormat format) {
            boolean nchw = format == CNN2DFormat.NCHW;
            return ds -> {
                INDArray labels = ds.getLabels();
                INDArray hwc = nchw ? labels.permute(0, 2, 3, 1) : labels;
                float[] ab = hwc.dup('c').data().asFloat();
                long n = hwc.size(0);
                long h = hwc.size(1);
                long w = hwc.size(2);
                int q = bins.size();
                int pixels = (int) (n * h * w);
                float[] targets = new float[Math.multiplyExact(pixels, q)];
                for (int p = 0; p < pixels; p++) {
                    bins.softEncode(ab[2 * p] * ColorizationIterator.AB_SCALE,
                            ab[2 * p + 1] * ColorizationIterator.AB_SCALE, targets, p * q, true);
                }
                INDArray t = Nd4j.create(targets, new long[] {n, h, w, q}, 'c');
                ds.setLabels(nchw ? t.permute(0, 3, 1, 2).dup('c') : t);
            };
        }

        @Override
        public void decode(float[] out, int at, float[] ab, int abAt) {
            double[] pair = new double[2];
            bins.annealedMean(out, at, temperature, pair);
            ab[abAt] = (float) pair[0];
            ab[abAt + 1] = (float) pair[1];
        }

        @Override
        public Properties metadata() {
            Properties p = new Properties();
            p.setProperty("head", kind().name());
            p.setProperty("abScale", Float.toString(abScale));
            p.setProperty("temperature", Double.toString(temperature));
            p.setProperty("bins", bins.encode());
            return p;
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Classification c && c.temperature == temperature && c.abScale == abScale
                    && c.bins.encode().equals(bins.encode());
        }

        @Override
        public int hashCode() {
            return Objects.hash(bins.encode(), temperature, abScale);
        }

        @Override
        public String toString() {
            return String.format(Locale.ROOT, "CLASSIFICATION over %d cells, T %s", bins.size(), temperature);
        }
    }
}
