package dev.pigment.core.metrics;

import dev.pigment.core.color.LabImage;
import dev.pigment.core.image.Bitmap;

/**
 * Per-image measures of a colorization against the original photo, all on 8-bit sRGB bitmaps of one size.
 *
 * <ul>
 *   <li>{@link #squaredError}: the summed squared error over every pixel and the R, G, B channels, from which
 *       {@link #psnr} and the pooled PSNR of a set ({@link ColorizationScores}) follow;</li>
 *   <li>{@link #ssim}: structural similarity (Wang, Bovik, Sheikh and Simoncelli, "Image Quality Assessment: From
 *       Error Visibility to Structural Similarity", IEEE TIP 2004) with their 11×11 Gaussian window, σ = 1.5,
 *       K1 = 0.01, K2 = 0.03, L = 255, over the windows that lie wholly inside the image, the mean of the R, G and
 *       B channels' mean SSIM;</li>
 *   <li>{@link #abDistances} and {@link #rawAccuracyAuc}: the raw accuracy of Zhang, Isola and Efros ("Colorful
 *       Image Colorization", ECCV 2016, §3.1): the share of pixels whose a*b* lies within a distance t of the
 *       truth's, swept over t = 0…150 and the area under that curve normalised to [0, 1];</li>
 *   <li>{@link #colourfulness}: Hasler and Süsstrunk, "Measuring colourfulness in natural images" (SPIE 2003):
 *       σ_rgyb + 0.3·μ_rgyb with rg = R − G and yb = (R + G)/2 − B on 0…255 values.</li>
 * </ul>
 */
public final class ColorMetrics {
    /** The largest a*b* distance of the raw-accuracy sweep (Zhang et al.). */
    public static final double AUC_MAX_THRESHOLD = 150;
    /** Side of the SSIM window. */
    public static final int SSIM_WINDOW = 11;
    /** Standard deviation of the SSIM window's Gaussian. */
    public static final double SSIM_SIGMA = 1.5;

    private static final double C1 = (0.01 * 255) * (0.01 * 255);
    private static final double C2 = (0.03 * 255) * (0.03 * 255);

    private ColorMetrics() {
    }

    /** Σ (x − y)² over every pixel and the three channels; gray bitmaps count as R = G = B. */
    public static double squaredError(Bitmap truth, Bitmap output) {
        requireSameSize(truth, output);
        byte[] t = truth.toRgb().toBytes();
        byte[] o = output.toRgb().toBytes();
        double sum = 0;
        for (int i = 0; i < t.length; i++) {
            int d = (t[i] & 0xFF) - (o[i] & 0xFF);
            sum += d * d;
        }
        return sum;
    }

    /**
     * Peak signal-to-noise ratio in dB, {@code 10·log10(255² / MSE)}, the MSE pooled over every pixel and the three
     * channels; {@link Double#POSITIVE_INFINITY} for identical images.
     */
    public static double psnr(Bitmap truth, Bitmap output) {
        double mse = squaredError(truth, output) / (3.0 * truth.height() * truth.width());
        return psnrOfMse(mse);
    }

    /** {@code 10·log10(255² / mse)}; infinite for 0. */
    public static double psnrOfMse(double mse) {
        return mse == 0 ? Double.POSITIVE_INFINITY : 10 * Math.log10(255.0 * 255.0 / mse);
    }

    /**
     * Mean SSIM over the R, G and B channels (gray bitmaps count as R = G = B).
     *
     * @throws IllegalArgumentException if the images differ in size or are smaller than the 11×11 window
     */
    public static double ssim(Bitmap truth, Bitmap output) {
        requireSameSize(truth, output);
        int h = truth.height();
        int w = truth.width();
        if (h < SSIM_WINDOW || w < SSIM_WINDOW) {
            throw new IllegalArgumentException("SSIM needs images of at least " + SSIM_WINDOW + "x" + SSIM_WINDOW
                    + ", got " + h + "x" + w);
        }
        byte[] t = truth.toRgb().toBytes();
        byte[] o = output.toRgb().toBytes();
        double sum = 0;
        for (int c = 0; c < 3; c++) {
            sum += ssimPlane(plane(t, c), plane(o, c), h, w);
        }
        return sum / 3;
    }

    /** The normalised 1-D Gaussian of the SSIM window; the 2-D window is its outer product. */
    static double[] gaussian() {
        double[] g = new double[SSIM_WINDOW];
        int r = SSIM_WINDOW / 2;
        double total = 0;
        for (int i = 0; i < SSIM_WINDOW; i++) {
            g[i] = Math.exp(-((i - r) * (i - r)) / (2 * SSIM_SIGMA * SSIM_SIGMA));
            total += g[i];
        }
        for (int i = 0; i < SSIM_WINDOW; i++) {
            g[i] /= total;
        }
        return g;
    }

    /** Mean SSIM of one channel over the windows wholly inside the image. */
    static double ssimPlane(double[] x, double[] y, int h, int w) {
        double[] g = gaussian();
        int n = h * w;
        double[] xx = new double[n];
        double[] yy = new double[n];
        double[] xy = new double[n];
        for (int i = 0; i < n; i++) {
            xx[i] = x[i] * x[i];
            yy[i] = y[i] * y[i];
            xy[i] = x[i] * y[i];
        }
        double[] mx = filterValid(x, h, w, g);
        double[] my = filterValid(y, h, w, g);
        double[] sxx = filterValid(xx, h, w, g);
        double[] syy = filterValid(yy, h, w, g);
        double[] sxy = filterValid(xy, h, w, g);
        double sum = 0;
        for (int i = 0; i < mx.length; i++) {
            double vx = sxx[i] - mx[i] * mx[i];
            double vy = syy[i] - my[i] * my[i];
            double cov = sxy[i] - mx[i] * my[i];
            sum += ((2 * mx[i] * my[i] + C1) * (2 * cov + C2))
                    / ((mx[i] * mx[i] + my[i] * my[i] + C1) * (vx + vy + C2));
        }
        return sum / mx.length;
    }

    /** Separable weighted sums over every window wholly inside the {@code h × w} plane. */
    private static double[] filterValid(double[] src, int h, int w, double[] g) {
        int k = g.length;
        int ow = w - k + 1;
        int oh = h - k + 1;
        double[] rows = new double[h * ow];
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < ow; x++) {
                double s = 0;
                for (int j = 0; j < k; j++) {
                    s += g[j] * src[y * w + x + j];
                }
                rows[y * ow + x] = s;
            }
        }
        double[] out = new double[oh * ow];
        for (int y = 0; y < oh; y++) {
            for (int x = 0; x < ow; x++) {
                double s = 0;
                for (int j = 0; j < k; j++) {
                    s += g[j] * rows[(y + j) * ow + x];
                }
                out[y * ow + x] = s;
            }
        }
        return out;
    }

    /** The a*b* distance of each pixel: √((a − a')² + (b − b')²), the truth and output converted to CIE Lab. */
    public static double[] abDistances(Bitmap truth, Bitmap output) {
        requireSameSize(truth, output);
        LabImage t = LabImage.of(truth);
        LabImage o = LabImage.of(output);
        double[] d = new double[t.l().length];
        for (int i = 0; i < d.length; i++) {
            double da = t.a()[i] - o.a()[i];
            double db = t.b()[i] - o.b()[i];
            d[i] = Math.sqrt(da * da + db * db);
        }
        return d;
    }

    /**
     * The share of {@code distances} at most {@code threshold}: one point of the raw-accuracy curve.
     */
    public static double rawAccuracy(double[] distances, double threshold) {
        int within = 0;
        for (double d : distances) {
            if (d <= threshold) {
                within++;
            }
        }
        return (double) within / distances.length;
    }

    /**
     * The area under the raw-accuracy curve over thresholds 0…150, divided by 150: the exact integral of the
     * stepwise cumulative distribution, which equals the mean of {@code max(0, 1 − d/150)} over the pixels. 1 for a
     * perfect colorization, 0 when every pixel is more than 150 away.
     */
    public static double rawAccuracyAuc(double[] distances) {
        return sumAucTerms(distances) / distances.length;
    }

    /** Σ max(0, 1 − d/150): the AuC before dividing by the pixel count, for pooling over images. */
    static double sumAucTerms(double[] distances) {
        double sum = 0;
        for (double d : distances) {
            sum += Math.max(0, 1 - d / AUC_MAX_THRESHOLD);
        }
        return sum;
    }

    /** Hasler and Süsstrunk's colourfulness M of an 8-bit image; 0 for a gray one. */
    public static double colourfulness(Bitmap image) {
        byte[] px = image.toRgb().toBytes();
        int n = px.length / 3;
        double sumRg = 0;
        double sumYb = 0;
        double sumRg2 = 0;
        double sumYb2 = 0;
        for (int i = 0; i < n; i++) {
            int r = px[3 * i] & 0xFF;
            int g = px[3 * i + 1] & 0xFF;
            int b = px[3 * i + 2] & 0xFF;
            double rg = r - g;
            double yb = 0.5 * (r + g) - b;
            sumRg += rg;
            sumYb += yb;
            sumRg2 += rg * rg;
            sumYb2 += yb * yb;
        }
        double mRg = sumRg / n;
        double mYb = sumYb / n;
        double varRg = Math.max(0, sumRg2 / n - mRg * mRg);
        double varYb = Math.max(0, sumYb2 / n - mYb * mYb);
        return Math.sqrt(varRg + varYb) + 0.3 * Math.sqrt(mRg * mRg + mYb * mYb);
    }

    private static double[] plane(byte[] rgb, int channel) {
        double[] p = new double[rgb.length / 3];
        for (int i = 0; i < p.length; i++) {
            p[i] = rgb[3 * i + channel] & 0xFF;
        }
        return p;
    }

    private static void requireSameSize(Bitmap truth, Bitmap output) {
        if (truth.height() != output.height() || truth.width() != output.width()) {
            throw new IllegalArgumentException("images differ in size: truth " + truth.height() + "x" + truth.width()
                    + ", output " + output.height() + "x" + output.width());
        }
    }
}
