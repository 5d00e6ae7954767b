package dev.pigment.examples;

/** Runs a command-line main: a bad argument or bad input ends it with one clear line and exit status 2. */
final class Cli {
    private Cli() {
    }

    /** The body of a main. */
    @FunctionalInterface
    interface Body {
        void run() throws Exception;
    }

    static void run(String name, Body body) {
        try {
            body.run();
        } catch (IllegalArgumentException | dev.pigment.core.BadInputException e) {
            System.err.println(name + ": " + e.getMessage());
            System.exit(2);
        } catch (Exception e) {
            System.err.println(name + ": failed: " + e);
            e.printStackTrace();
            System.exit(1);
        }
    }
}
