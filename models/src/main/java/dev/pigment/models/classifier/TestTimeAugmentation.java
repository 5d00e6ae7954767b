package dev.pigment.models.classifier;

/**
 * What a classifier averages over at inference. Averaging the class probabilities of an image and its mirror image
 * is the usual cheap test-time augmentation for classes that are left-right symmetric (Krizhevsky et al., 2012,
 * averaged over crops and their reflections); it doubles the inference cost.
 */
public enum TestTimeAugmentation {
    /** The image as it is. */
    NONE,
    /** The mean of the probabilities of the image and of its horizontal mirror. */
    HORIZONTAL_FLIP
}
