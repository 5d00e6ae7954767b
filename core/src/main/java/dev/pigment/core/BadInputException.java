package dev.pigment.core;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Objects;

/**
 * An input file that pigment cannot use: corrupt, truncated, empty, of an unknown format, of the wrong size or
 * structure. The message names the file and the problem.
 */
public class BadInputException extends IOException {
    private final transient Path file;
    /** What is wrong with the file, without its name. */
    private final String problem;

    /**
     * An exception with the message {@code "<file>: <problem>"}.
     *
     * @param file the offending file
     * @param problem what is wrong with it, without the file name, e.g. "is empty (0 bytes)"
     * @throws NullPointerException if {@code file} or {@code problem} is null
     */
    public BadInputException(Path file, String problem) {
        this(file, problem, null);
    }

    /**
     * An exception with the message {@code "<file>: <problem>"} and the exception that revealed the problem.
     *
     * @param file the offending file
     * @param problem what is wrong with it, without the file name
     * @param cause the underlying exception, or null
     * @throws NullPointerException if {@code file} or {@code problem} is null
     */
    public BadInputException(Path file, String problem, Throwable cause) {
        super(file + ": " + problem, cause);
        this.file = Objects.requireNonNull(file, "file");
        this.problem = Objects.requireNonNull(problem, "problem");
    }

    /** The offending file. */
    public Path file() {
        return file;
    }

    /** What is wrong with it, without the file name. */
    public String problem() {
        return problem;
    }
}
