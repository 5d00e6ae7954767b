package dev.pigment.core;

import java.util.Objects;

/**
 * What a source returns: the data and the {@link LoadReport} of what it read and left out.
 *
 * @param data the data read
 * @param report counts and skipped files
 * @param <T> the kind of data
 */
public record Loaded<T>(T data, LoadReport report) {
    /**
     * Checks the components.
     *
     * @throws NullPointerException if {@code data} or {@code report} is null
     */
    public Loaded {
        Objects.requireNonNull(data, "data");
        Objects.requireNonNull(report, "report");
    }
}
