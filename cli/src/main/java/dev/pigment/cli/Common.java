package dev.pigment.cli;

import picocli.CommandLine.Option;

/** Options every subcommand takes: how much it says. */
final class Common {
    @Option(names = {"-q", "--quiet"}, description = "Only results and errors: no progress, no start-up line.")
    boolean quiet;

    @Option(names = {"-v", "--verbose"}, description = "Deeplearning4j's and ND4J's own log lines, and the stack "
            + "trace of an error.")
    boolean verbose;

    boolean quietMode() {
        return quiet;
    }

    boolean verbose() {
        return verbose;
    }
}
