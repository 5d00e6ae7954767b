package dev.pigment.models;

/**
 * What a model averages over at inference, saved with the model as its own prediction path: a classifier averages
 * the class probabilities, a colorizer the predicted a*b*. Averaging a prediction for an image and its mirror image
 * is the usual cheap test-time augmentation for left-right symmetric content (Krizhevsky et al., 2012, averaged over
 * crops and their reflections); it doubles the inference cost.
 */
public enum TestTimeAugmentation {
    /** The image as it is. */
    NONE,
    /** The mean of the predictions for the image and for its horizontal mirror (mirrored back). */
    HORIZONTAL_FLIP
}
