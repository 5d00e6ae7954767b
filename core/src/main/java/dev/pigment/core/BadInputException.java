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

    /**
     * An exception about input that is not a file on this machine (a URL, a class-path resource, a stream), with the
     * message {@code "<source>: <problem>"}; {@link #file()} is null.
     *
     * @param source what the input is, such as a URL or a resource name
     * @param problem what is wrong with it
     * @param cause the underlying exception, or null
     * @throws NullPointerException if {@code source} or {@code problem} is null
     */
    public BadInputException(String source, String problem, Throwable cause) {
        super(Objects.requireNonNull(source, "source") + ": " + problem, cause);
        this.file = null;
        this.problem = Objects.requireNonNull(problem, "problem");
    }

    /** The offending file, or null when the input was not a file (see {@link #BadInputException(String, String, Throwable)}). */
    public Path file() {
        return file;
    }

    /** What is wrong with it, without the file name. */
    public String problem() {
        return problem;
    }
}
