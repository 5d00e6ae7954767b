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

    /** One file left out. */
    public record Skipped(Path file, String problem) {
        @Override
        public String toString() {
            return file + ": " + problem;
        }
    }

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
