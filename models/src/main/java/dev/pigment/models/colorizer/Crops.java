package dev.pigment.models.colorizer;

/**
 * How training crops are drawn from the photos: how many per epoch, the zoom range (a crop covers {@code zoom}
 * times the input size of the photo, resized down to the input; reduced where a photo is too small), and
 * horizontal flips.
 *
 * @param perEpoch crops per epoch, at least 1
 * @param minZoom smallest zoom, at least 1
 * @param maxZoom largest zoom, at least minZoom
 * @param flip whether half the crops are mirrored
 */
public record Crops(int perEpoch, double minZoom, double maxZoom, boolean flip) {
    /** Validates the settings. */
    public Crops {
        if (perEpoch < 1) {
            throw new IllegalArgumentException("perEpoch must be >= 1, got " + perEpoch);
        }
        if (!(minZoom >= 1 && minZoom <= maxZoom && maxZoom <= 16)) {
            throw new IllegalArgumentException("need 1 <= minZoom <= maxZoom <= 16, got " + minZoom + ", " + maxZoom);
        }
    }

    /**
     * What {@code ColorizerExample} and {@code pigment train-colorizer} train with by default: 2,048 crops per epoch,
     * zoom 1–3, flips (the shipped default colorizer had {@code of(16384)}).
     */
    public static final Crops DEFAULT = of(2048);

    /**
     * {@code perEpoch} crops with zoom 1–3 and flips: with photos kept at a shorter side of 256 and 64×64 crops,
     * the scale a colorizer working at a shorter side of 128 sees lies in the middle of the range.
     */
    public static Crops of(int perEpoch) {
        return new Crops(perEpoch, 1, 3, true);
    }
}
