package dev.pigment.models.inspect;

import java.util.Objects;

/**
 * A stack of two-dimensional maps of floats, {@code height × width × channels} in that order (HWC): a layer's
 * activations for one image, a filter, a saliency map. A layer with a flat output is {@code 1 × 1 × n}.
 *
 * @param values the {@code height · width · channels} values, row by row, the channels of a pixel together
 */
public record FeatureMap(int height, int width, int channels, float[] values) {
    /**
     * Checks the sizes; keeps {@code values} as given (not copied: these are views of one computation).
     *
     * @throws IllegalArgumentException if a size is below 1 or the values are not {@code height · width · channels}
     */
    public FeatureMap {
        Objects.requireNonNull(values, "values");
        if (height < 1 || width < 1 || channels < 1) {
            throw new IllegalArgumentException("sizes must be at least 1, got " + height + "x" + width + "x"
                    + channels);
        }
        if ((long) height * width * channels != values.length) {
            throw new IllegalArgumentException(values.length + " values for " + height + "x" + width + "x" + channels);
        }
    }

    /** The value at row {@code y}, column {@code x}, channel {@code c}. */
    public float get(int y, int x, int c) {
        return values[(y * width + x) * channels + c];
    }

    /** Whether this is a flat vector rather than a spatial map. */
    public boolean isVector() {
        return height == 1 && width == 1;
    }

    /** The smallest and largest of the values of channel {@code c}, as {min, max}. */
    public float[] range(int c) {
        float min = Float.POSITIVE_INFINITY;
        float max = Float.NEGATIVE_INFINITY;
        for (int i = c; i < values.length; i += channels) {
            min = Math.min(min, values[i]);
            max = Math.max(max, values[i]);
        }
        return new float[] {min, max};
    }

    @Override
    public String toString() {
        return "FeatureMap[" + height + "x" + width + "x" + channels + "]";
    }
}
