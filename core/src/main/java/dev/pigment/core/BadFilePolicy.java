package dev.pigment.core;

/** What a source does with a file it cannot use. */
public enum BadFilePolicy {
    /** Stop at the first bad file with a {@link BadInputException} that names it (the default). */
    FAIL,
    /** Leave the file out and record it in the {@link LoadReport}. */
    SKIP
}
