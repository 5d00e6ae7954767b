package dev.pigment.core;

/**
 * The colour space of a model input, with each channel's natural value range before {@link Normalization}.
 *
 * <ul>
 *   <li>{@link #GRAY}: one channel, 8-bit luma Y' = 0.299 R + 0.587 G + 0.114 B of the sRGB values (ITU-R BT.601,
 *       as PIL's "L" mode), range 0..255.</li>
 *   <li>{@link #RGB}: three channels, 8-bit sRGB in R, G, B order (never BGR), range 0..255.</li>
 *   <li>{@link #LAB_L}: one channel, CIE L* (D65) of the sRGB pixel, range 0..100; the colorizer's input.</li>
 * </ul>
 */
public enum ColorSpace {
    /** One channel of 8-bit BT.601 luma, 0..255. */
    GRAY(1, 0, 255),
    /** Three channels of 8-bit sRGB in R, G, B order, 0..255. */
    RGB(3, 0, 255),
    /** One channel of CIE L* (D65), 0..100. */
    LAB_L(1, 0, 100);

    private final int channels;
    private final float lower;
    private final float upper;

    ColorSpace(int channels, float lower, float upper) {
        this.channels = channels;
        this.lower = lower;
        this.upper = upper;
    }

    /** Number of channels of an input in this colour space. */
    public int channels() {
        return channels;
    }

    /** Smallest natural value of a channel (before normalisation). */
    public float lower() {
        return lower;
    }

    /** Largest natural value of a channel (before normalisation). */
    public float upper() {
        return upper;
    }
}
