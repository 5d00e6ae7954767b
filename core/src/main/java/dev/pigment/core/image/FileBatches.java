package dev.pigment.core.image;

import dev.pigment.core.BadFilePolicy;
import dev.pigment.core.BadInputException;
import dev.pigment.core.LoadReport;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Decodes image files a batch at a time for inference over a folder, so that memory holds one batch of images:
 * unreadable files fail the run or are skipped and reported, as the {@link BadFilePolicy} says.
 */
public final class FileBatches {
    private FileBatches() {
    }

    /** Receives each batch of decoded images and the files they came from. */
    @FunctionalInterface
    public interface Consumer {
        /**
         * Takes one batch: {@code images.get(i)} was decoded from {@code files.get(i)}; neither list is empty.
         *
         * @throws IOException to stop the run; {@link FileBatches#forEach} passes it on
         */
        void accept(List<Path> files, List<Bitmap> images) throws IOException;
    }

    /**
     * Reads {@code files} in batches of up to {@code batchSize} readable images and hands each to {@code consumer}.
     *
     * @return how many images were handed over, and which files were skipped and why
     * @throws BadInputException for an unreadable file under {@link BadFilePolicy#FAIL}
     * @throws IOException if {@code consumer} throws it
     * @throws IllegalArgumentException if {@code batchSize} is below 1
     */
    public static LoadReport forEach(List<Path> files, int batchSize, BadFilePolicy policy, Consumer consumer)
            throws IOException {
        if (batchSize < 1) {
            throw new IllegalArgumentException("batchSize must be >= 1, got " + batchSize);
        }
        List<LoadReport.Skipped> skipped = new ArrayList<>();
        int done = 0;
        for (int from = 0; from < files.size(); from += batchSize) {
            List<Path> read = new ArrayList<>();
            List<Bitmap> images = new ArrayList<>();
            for (Path f : files.subList(from, Math.min(files.size(), from + batchSize))) {
                try {
                    images.add(ImageFiles.read(f));
                    read.add(f);
                } catch (BadInputException e) {
                    if (policy == BadFilePolicy.FAIL) {
                        throw e;
                    }
                    skipped.add(new LoadReport.Skipped(f, e.problem()));
                }
            }
            if (!images.isEmpty()) {
                consumer.accept(read, images);
                done += images.size();
            }
        }
        return new LoadReport(done, skipped);
    }
}
