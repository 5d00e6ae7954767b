package dev.pigment.core.metrics;

import dev.pigment.core.image.Bitmap;
import dev.pigment.core.image.Mosaic;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Colorizations of the same photos by several methods — baselines and models — scored side by side
 * ({@link ColorizationScores}), as a text table and a PNG grid with one row per photo and one column per method,
 * the original last.
 */
public final class ColorizationReport {
    private final List<Bitmap> originals;
    private final Map<String, List<Bitmap>> outputs;
    private final Map<String, ColorizationScores> scores;

    private ColorizationReport(List<Bitmap> originals, Map<String, List<Bitmap>> outputs) {
        this.originals = List.copyOf(originals);
        this.outputs = new LinkedHashMap<>();
        this.scores = new LinkedHashMap<>();
        outputs.forEach((name, images) -> {
            this.outputs.put(name, List.copyOf(images));
            try {
                this.scores.put(name, ColorizationScores.of(originals, images));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException(name + ": " + e.getMessage(), e);
            }
        });
    }

    /**
     * Scores each method's outputs (in the map's order) against {@code originals}.
     *
     * @throws IllegalArgumentException if there are no methods, or a method's outputs do not pair with the originals
     */
    public static ColorizationReport of(List<Bitmap> originals, Map<String, List<Bitmap>> outputs) {
        if (outputs.isEmpty()) {
            throw new IllegalArgumentException("no colorizations to report");
        }
        return new ColorizationReport(originals, outputs);
    }

    /** The scores of each method, in order. */
    public Map<String, ColorizationScores> scores() {
        return java.util.Collections.unmodifiableMap(scores);
    }

    /**
     * The scores of {@code method}.
     *
     * @throws IllegalArgumentException if there is no such method
     */
    public ColorizationScores scores(String method) {
        ColorizationScores s = scores.get(method);
        if (s == null) {
            throw new IllegalArgumentException("no method \"" + method + "\"; have " + scores.keySet());
        }
        return s;
    }

    /** A table of every method's scores, then each photo's PSNR by method. */
    public String text() {
        StringBuilder sb = new StringBuilder();
        sb.append(String.format("%-24s %9s %9s %8s %8s %15s%n", "method", "PSNR dB", "mean PSNR", "SSIM", "AuC",
                "colourfulness"));
        scores.forEach((name, s) -> sb.append(String.format("%-24s %9.2f %9.2f %8.4f %8.4f %8.1f (%3.0f%%)%n", name,
                s.psnr(), s.meanPsnr(), s.ssim(), s.auc(), s.colourfulness(), 100 * s.colourfulnessRatio())));
        ColorizationScores any = scores.values().iterator().next();
        sb.append(String.format("originals: colourfulness %.1f, %d photos; PSNR pooled over all pixels, AuC over a*b*"
                + " thresholds 0-150%n", any.originalColourfulness(), any.images()));
        sb.append("PSNR per photo:");
        for (String name : scores.keySet()) {
            sb.append(String.format(" %s", name));
        }
        sb.append('\n');
        for (int i = 0; i < originals.size(); i++) {
            sb.append(String.format("  photo %2d:", i + 1));
            for (List<Bitmap> out : outputs.values()) {
                sb.append(String.format(" %6.2f", ColorMetrics.psnr(originals.get(i), out.get(i))));
            }
            sb.append('\n');
        }
        return sb.toString();
    }

    /**
     * A grid with one row per photo: the outputs of {@code methods}, in that order, then the original, each fitted
     * into {@code tileHeight × tileWidth} (scaled to cover, centre-cropped), with 4-pixel white gaps.
     *
     * @throws IllegalArgumentException if a method is unknown
     */
    public Bitmap grid(List<String> methods, int tileHeight, int tileWidth) {
        List<Bitmap> tiles = new ArrayList<>();
        for (int i = 0; i < originals.size(); i++) {
            for (String m : methods) {
                List<Bitmap> out = outputs.get(m);
                if (out == null) {
                    throw new IllegalArgumentException("no method \"" + m + "\"; have " + outputs.keySet());
                }
                tiles.add(out.get(i).resizeAndCrop(tileHeight, tileWidth));
            }
            tiles.add(originals.get(i).resizeAndCrop(tileHeight, tileWidth));
        }
        return Mosaic.grid(tiles, methods.size() + 1, 4);
    }
}
