package dev.pigment.core;

import java.nio.file.Path;
import java.util.List;

/**
 * What a source read: how many images it kept and which files it left out, and why.
 *
 * @param loaded number of images kept
 * @param skipped the files left out under {@link BadFilePolicy#SKIP}, each with its reason
 */
public record LoadReport(int loaded, List<Skipped> skipped) {

    /**
     * One file left out.
     *
     * @param file the file
     * @param problem what is wrong with it, without the file name (as {@link BadInputException#problem()})
     */
    public record Skipped(Path file, String problem) {
        @Override
        public String toString() {
            return file + ": " + problem;
        }
    }

    /**
     * Checks the count and copies the list of skipped files.
     *
     * @throws IllegalArgumentException if {@code loaded} is negative
     * @throws NullPointerException if {@code skipped} is or holds null
     */
    public LoadReport {
        if (loaded < 0) {
            throw new IllegalArgumentException("loaded must be >= 0, got " + loaded);
        }
        skipped = List.copyOf(skipped);
    }

    @Override
    public String toString() {
        return loaded + " loaded, " + skipped.size() + " skipped" + (skipped.isEmpty() ? "" : " " + skipped);
    }
}
