package dev.pigment.core;

import dev.pigment.core.color.Lab;
import dev.pigment.core.image.Bitmap;
import java.util.List;
import java.util.Objects;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Turns bitmaps into model input as an {@link InputSpec} describes it: {@link #fit} brings an image to the spec's
 * size and channel count (resize so it covers the input, centre crop; gray for {@link ColorSpace#GRAY}, sRGB
 * otherwise), and {@link #write} converts the colour space, normalises and lays the values out in NCHW or NHWC
 * ({@link InputSpec#offset}); {@link #toPaddedBatch} does the same at the images' own size for fully convolutional
 * networks (the colorizer). Training iterators and inference share this one path, so a model sees the same
 * preprocessing in both.
 */
public final class Preprocessor {
    private final InputSpec spec;
    private final boolean allowUpscale;
    private final float[] lut;

    /**
     * A preprocessor for {@code spec}.
     *
     * @param spec the model input
     * @param allowUpscale whether images smaller than the input are enlarged; if not, {@link #fit} rejects them
     * @throws NullPointerException if {@code spec} is null
     */
    public Preprocessor(InputSpec spec, boolean allowUpscale) {
        this.spec = Objects.requireNonNull(spec, "spec");
        this.allowUpscale = allowUpscale;
        this.lut = new float[256];
        for (int v = 0; v < 256; v++) {
            lut[v] = spec.normalize(v);
        }
    }

    /** The model input this preprocessor produces. */
    public InputSpec spec() {
        return spec;
    }

    /** Channels of a fitted bitmap: 1 for {@link ColorSpace#GRAY}, else 3 (L* is computed from sRGB). */
    public int storedChannels() {
        return spec.colorSpace() == ColorSpace.GRAY ? 1 : 3;
    }

    /**
     * The image at the input's size and stored channel count.
     *
     * @throws IllegalArgumentException if the image is smaller than the input and upscaling is off
     */
    public Bitmap fit(Bitmap image) {
        int h = spec.height();
        int w = spec.width();
        if (!allowUpscale && (image.height() < h || image.width() < w)) {
            throw new IllegalArgumentException("image is " + image.height() + "x" + image.width()
                    + ", smaller than the model input " + h + "x" + w + " (allow upscaling to enlarge it)");
        }
        Bitmap sized = image.height() == h && image.width() == w ? image : image.resizeAndCrop(h, w);
        return storedChannels() == 1 ? sized.toGray() : sized.toRgb();
    }

    /**
     * Writes a bitmap of the input's size as sample {@code index} of a batch buffer of
     * {@code n × spec.pixelValues()} floats, in the spec's layout: the colour space converted (gray or sRGB in, as
     * {@link #fit} returns) and normalised.
     *
     * @throws IllegalArgumentException if the bitmap is not of the input's size
     */
    public void write(Bitmap image, float[] batch, int index) {
        int h = spec.height();
        int w = spec.width();
        if (image.height() != h || image.width() != w) {
            throw new IllegalArgumentException("image is " + image.height() + "x" + image.width() + ", input is "
                    + h + "x" + w + "; fit() it first");
        }
        writePadded(image, batch, index, h, w);
    }

    /**
     * Writes {@code image} into image slot {@code index} of a batch of {@code ph × pw} images, padding the right
     * and bottom by repeating the last column and row (edge replication) where the slot is larger than the image.
     */
    private void writePadded(Bitmap image, float[] batch, int index, int ph, int pw) {
        int c = spec.channels();
        int srcC = image.channels();
        int h = image.height();
        int w = image.width();
        for (int y = 0; y < ph; y++) {
            int sy = Math.min(y, h - 1);
            for (int x = 0; x < pw; x++) {
                int sx = Math.min(x, w - 1);
                int r = image.get(sy, sx, 0);
                int g = srcC == 3 ? image.get(sy, sx, 1) : r;
                int b = srcC == 3 ? image.get(sy, sx, 2) : r;
                for (int ch = 0; ch < c; ch++) {
                    float v = switch (spec.colorSpace()) {
                        case GRAY -> lut[srcC == 3 ? (r * 299 + g * 587 + b * 114 + 500) / 1000 : r];
                        case RGB -> lut[ch == 0 ? r : ch == 1 ? g : b];
                        case LAB_L -> spec.normalize((float) Lab.lightness8(r, g, b));
                    };
                    batch[spec.offset(index, y, x, ch, ph, pw)] = v;
                }
            }
        }
    }

    /**
     * A batch of images of one size at that size, for fully convolutional networks: each image's colour space is
     * converted and normalised as {@link #write} does, with no resizing or cropping, and the batch is padded on the
     * right and bottom by edge replication up to sides that are multiples of {@code multiple}.
     *
     * @throws IllegalArgumentException if there are no images, they differ in size, or {@code multiple} is below 1
     */
    public INDArray toPaddedBatch(List<Bitmap> images, int multiple) {
        if (multiple < 1) {
            throw new IllegalArgumentException("multiple must be >= 1, got " + multiple);
        }
        if (images.isEmpty()) {
            throw new IllegalArgumentException("no images to batch");
        }
        int h = images.get(0).height();
        int w = images.get(0).width();
        int ph = (h + multiple - 1) / multiple * multiple;
        int pw = (w + multiple - 1) / multiple * multiple;
        float[] buf = new float[Math.multiplyExact(images.size(), ph * pw * spec.channels())];
        for (int i = 0; i < images.size(); i++) {
            Bitmap image = images.get(i);
            if (image.height() != h || image.width() != w) {
                throw new IllegalArgumentException("image " + i + " is " + image.height() + "x" + image.width()
                        + ", image 0 " + h + "x" + w + ": a padded batch holds images of one size");
            }
            writePadded(image, buf, i, ph, pw);
        }
        return Nd4j.create(buf, spec.batchShape(images.size(), ph, pw), 'c');
    }

    /**
     * Fits and writes each image; the result has the shape {@link InputSpec#batchShape}.
     *
     * @throws IllegalArgumentException if an image is smaller than the input and upscaling is off
     */
    public INDArray toBatch(List<Bitmap> images) {
        float[] buf = new float[images.size() * spec.pixelValues()];
        for (int i = 0; i < images.size(); i++) {
            write(fit(images.get(i)), buf, i);
        }
        return Nd4j.create(buf, spec.batchShape(images.size()), 'c');
    }
}
