package dev.pigment.cli;

/**
 * Sets slf4j-simple's levels before the first logger exists: Deeplearning4j and ND4J log at INFO on every start
 * (workspace modes, backend loading), which a command line shows only with {@code --verbose}.
 */
final class Logging {
    private Logging() {
    }

    static void configure(boolean verbose) {
        String level = verbose ? "info" : "warn";
        System.setProperty("org.slf4j.simpleLogger.defaultLogLevel", level);
        System.setProperty("org.slf4j.simpleLogger.logFile", "System.err");
        System.setProperty("org.nd4j.log.initialization", Boolean.toString(verbose));
    }
}
