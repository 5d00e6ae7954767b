package dev.pigment.models.classifier;

import dev.pigment.core.image.Bitmap;
import java.util.ArrayList;
import java.util.List;

/** Classifies one batch larger than the child JVM's off-heap limit allows; prints what happened. */
public final class MemoryLimitChild {
    private MemoryLimitChild() {
    }

    /** Argument: the batch size. */
    public static void main(String[] args) {
        Classifier c = Classifier.create(ClassifierConfig.small28(3).seed(1).build(), List.of("a", "b", "c"));
        List<Bitmap> images = new ArrayList<>();
        for (int i = 0; i < Integer.parseInt(args[0]); i++) {
            images.add(Bitmap.of(28, 28, 1, new byte[28 * 28]));
        }
        try {
            System.out.println("CLASSIFIED " + c.classify(images).size());
        } catch (IllegalStateException e) {
            System.out.println("REFUSED " + e.getMessage());
        }
        // the JVM is intact: a batch that fits still works
        System.out.println("THEN " + c.classify(images.subList(0, 8)).size());
    }
}
