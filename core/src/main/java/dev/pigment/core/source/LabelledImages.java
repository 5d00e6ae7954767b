package dev.pigment.core.source;

import dev.pigment.core.image.Bitmap;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;

/**
 * Decoded images held in memory, each with a class label, and the class names. Every source of labelled images
 * (a class-per-folder tree, IDX files, CIFAR-10 batches) produces one, so the rest of the pipeline reads one type.
 * Images are decoded once and kept; iterators read them every epoch without touching the disk again.
 */
public final class LabelledImages {
    private final List<Bitmap> images;
    private final int[] labels;
    private final List<String> classNames;

    /**
     * A set of images with their labels; the lists and array are copied.
     *
     * @param images the images; all of the same size and channel count
     * @param labels the class of each image, in {@code 0..classNames.size()-1}
     * @param classNames distinct, non-blank names; the index of a name is its label
     * @throws IllegalArgumentException if the counts of images and labels differ, the names are empty, repeated or
     *     blank, a label is out of range, or the images differ in size or channel count
     */
    public LabelledImages(List<Bitmap> images, int[] labels, List<String> classNames) {
        this.images = List.copyOf(images);
        this.labels = labels.clone();
        this.classNames = List.copyOf(classNames);
        if (this.images.size() != this.labels.length) {
            throw new IllegalArgumentException(this.images.size() + " images but " + this.labels.length + " labels");
        }
        if (this.classNames.isEmpty()) {
            throw new IllegalArgumentException("classNames is empty");
        }
        if (new HashSet<>(this.classNames).size() != this.classNames.size()) {
            throw new IllegalArgumentException("class names are not distinct: " + this.classNames);
        }
        for (String name : this.classNames) {
            if (name.isBlank()) {
                throw new IllegalArgumentException("a class name is blank: " + this.classNames);
            }
        }
        for (int i = 0; i < this.labels.length; i++) {
            if (this.labels[i] < 0 || this.labels[i] >= this.classNames.size()) {
                throw new IllegalArgumentException("label " + this.labels[i] + " of image " + i + " is not in 0.."
                        + (this.classNames.size() - 1));
            }
        }
        if (!this.images.isEmpty()) {
            Bitmap first = this.images.get(0);
            for (int i = 1; i < this.images.size(); i++) {
                Bitmap b = this.images.get(i);
                if (b.height() != first.height() || b.width() != first.width() || b.channels() != first.channels()) {
                    throw new IllegalArgumentException("image " + i + " is " + b + " but image 0 is " + first
                            + "; all images of a set must have one size");
                }
            }
        }
    }

    /** Number of images. */
    public int size() {
        return labels.length;
    }

    /** Image {@code i}, counting from 0. */
    public Bitmap image(int i) {
        return images.get(i);
    }

    /** The class of image {@code i}, an index into {@link #classNames()}. */
    public int label(int i) {
        return labels[i];
    }

    /** A copy of all labels. */
    public int[] labels() {
        return labels.clone();
    }

    /** The class names, by label (unmodifiable). */
    public List<String> classNames() {
        return classNames;
    }

    /** Number of classes. */
    public int numClasses() {
        return classNames.size();
    }

    /** Number of images of each class. */
    public int[] classCounts() {
        int[] counts = new int[classNames.size()];
        for (int label : labels) {
            counts[label]++;
        }
        return counts;
    }

    /** The images at {@code indices}, in that order, with the same class names. */
    public LabelledImages subset(int[] indices) {
        List<Bitmap> sub = new ArrayList<>(indices.length);
        int[] subLabels = new int[indices.length];
        for (int i = 0; i < indices.length; i++) {
            sub.add(images.get(indices[i]));
            subLabels[i] = labels[indices[i]];
        }
        return new LabelledImages(sub, subLabels, classNames);
    }

    /** Train and test subsets with each class's share kept in both (see {@link Split#stratified}). */
    public Parts split(double testFraction, long seed) {
        Split s = Split.stratified(labels, numClasses(), testFraction, seed);
        return new Parts(subset(s.train()), subset(s.test()));
    }

    /**
     * The two parts of a split.
     *
     * @param train the training images
     * @param test the test images
     */
    public record Parts(LabelledImages train, LabelledImages test) {
        /**
         * Checks the parts.
         *
         * @throws NullPointerException if a part is null
         */
        public Parts {
            Objects.requireNonNull(train, "train");
            Objects.requireNonNull(test, "test");
        }
    }

    @Override
    public String toString() {
        return "LabelledImages[" + size() + " images" + (images.isEmpty() ? "" : " of " + images.get(0))
                + ", classes " + classNames + "]";
    }
}
