package dev.pigment.core.metrics;

import dev.pigment.core.image.Bitmap;
import java.util.List;

/**
 * The colorization measures of {@link ColorMetrics} over a set of photos, each output compared with its original.
 *
 * @param images how many photos
 * @param psnr PSNR in dB of the MSE pooled over every pixel, channel and photo (photos weigh by their pixels)
 * @param meanPsnr the mean of the photos' own PSNR
 * @param ssim the mean of the photos' SSIM
 * @param auc the raw-accuracy AuC (thresholds 0…150) pooled over every pixel of every photo
 * @param colourfulness the mean colourfulness of the outputs
 * @param originalColourfulness the mean colourfulness of the originals
 */
public record ColorizationScores(int images, double psnr, double meanPsnr, double ssim, double auc,
                                 double colourfulness, double originalColourfulness) {

    /**
     * Scores {@code outputs} against {@code originals}, pairwise.
     *
     * @throws IllegalArgumentException if the lists are empty or differ in length, or a pair differs in size
     */
    public static ColorizationScores of(List<Bitmap> originals, List<Bitmap> outputs) {
        if (originals.isEmpty() || originals.size() != outputs.size()) {
            throw new IllegalArgumentException("need as many outputs as originals (at least one), got "
                    + outputs.size() + " and " + originals.size());
        }
        double squared = 0;
        double values = 0;
        double psnrSum = 0;
        double ssimSum = 0;
        double aucSum = 0;
        long pixels = 0;
        double colour = 0;
        double originalColour = 0;
        for (int i = 0; i < originals.size(); i++) {
            Bitmap t = originals.get(i);
            Bitmap o = outputs.get(i);
            double se;
            try {
                se = ColorMetrics.squaredError(t, o);
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("photo " + i + ": " + e.getMessage(), e);
            }
            long n = (long) t.height() * t.width();
            squared += se;
            values += 3.0 * n;
            psnrSum += ColorMetrics.psnrOfMse(se / (3.0 * n));
            ssimSum += ColorMetrics.ssim(t, o);
            aucSum += ColorMetrics.sumAucTerms(ColorMetrics.abDistances(t, o));
            pixels += n;
            colour += ColorMetrics.colourfulness(o);
            originalColour += ColorMetrics.colourfulness(t);
        }
        int k = originals.size();
        return new ColorizationScores(k, ColorMetrics.psnrOfMse(squared / values), psnrSum / k, ssimSum / k,
                aucSum / pixels, colour / k, originalColour / k);
    }

    /** Output colourfulness as a share of the originals'. */
    public double colourfulnessRatio() {
        return originalColourfulness == 0 ? Double.NaN : colourfulness / originalColourfulness;
    }

    @Override
    public String toString() {
        return String.format("PSNR %.2f dB (per-photo mean %.2f), SSIM %.4f, AuC %.4f, colourfulness %.1f (%.0f%% of"
                + " the originals' %.1f), %d photos", psnr, meanPsnr, ssim, auc, colourfulness,
                100 * colourfulnessRatio(), originalColourfulness, images);
    }
}
