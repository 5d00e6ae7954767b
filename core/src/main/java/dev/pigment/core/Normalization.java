package dev.pigment.core;

/**
 * How a channel's natural range {@code [lower, upper]} (see {@link ColorSpace}) is mapped to the values a model
 * sees.
 */
public enum Normalization {
    /** Values as they are: 0..255 for 8-bit channels, 0..100 for L*. */
    RAW,
    /** Linearly to [0, 1]. */
    UNIT,
    /** Linearly to [-1, 1]. */
    SYMMETRIC;

    /** Maps a natural value {@code v} of a channel with range {@code [lower, upper]}. */
    public float apply(float v, float lower, float upper) {
        return switch (this) {
            case RAW -> v;
            case UNIT -> (v - lower) / (upper - lower);
            case SYMMETRIC -> 2f * (v - lower) / (upper - lower) - 1f;
        };
    }

    /** The inverse of {@link #apply}. */
    public float invert(float x, float lower, float upper) {
        return switch (this) {
            case RAW -> x;
            case UNIT -> lower + x * (upper - lower);
            case SYMMETRIC -> lower + (x + 1f) * 0.5f * (upper - lower);
        };
    }
}
