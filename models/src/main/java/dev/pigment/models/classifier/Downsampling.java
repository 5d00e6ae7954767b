package dev.pigment.models.classifier;

/** How a {@link Stage} halves the height and width of its feature maps. */
public enum Downsampling {
    /** A 2×2 max-pooling layer with stride 2 after the stage. */
    MAX_POOL,
    /** The stage's first convolution (and its shortcut) has stride 2. */
    STRIDE,
    /** The stage keeps its input size. */
    NONE
}
