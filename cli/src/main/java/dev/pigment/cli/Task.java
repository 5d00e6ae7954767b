package dev.pigment.cli;

import dev.pigment.models.engine.Engine;
import dev.pigment.models.engine.Machine;
import dev.pigment.models.train.ProgressListener;
import java.io.OutputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * The shape of every subcommand: the common options, logging set up before Deeplearning4j loads (quiet by default:
 * its INFO lines only with {@code --verbose}), a start-up line with the machine and the backend, then the work.
 */
abstract class Task implements Callable<Integer> {
    @Mixin
    Common common;

    @Spec
    CommandSpec spec;

    Common common() {
        return common;
    }

    /** Where results go. */
    PrintWriter out() {
        return spec.commandLine().getOut();
    }

    /** Progress and notes: nowhere with {@code --quiet}. */
    void note(String line) {
        if (!common.quietMode()) {
            spec.commandLine().getErr().println(line);
            spec.commandLine().getErr().flush();
        }
    }

    @Override
    public final Integer call() throws Exception {
        Logging.configure(common.verbose());
        note(spec.qualifiedName() + ": " + machine() + "; " + backend());
        // the jobs the training commands run print their reports on System.out: that is progress here, so it goes
        // to the error stream (nowhere with --quiet), and standard output keeps to the command's results
        PrintStream stdout = System.out;
        System.setOut(common.quietMode() ? new PrintStream(OutputStream.nullOutputStream()) : System.err);
        try {
            work();
        } finally {
            System.setOut(stdout);
        }
        return 0;
    }

    /** The CPU, in words. */
    static String machine() {
        return Machine.current().toString();
    }

    /** The ND4J backend, the threads it uses and how pigment's layers compute, in words. */
    static String backend() {
        return "ND4J " + (Engine.hasOneDnn() ? "nd4j-native with oneDNN" : "backend without oneDNN") + ", "
                + Runtime.getRuntime().availableProcessors() + " threads; " + Engine.layers();
    }

    /**
     * How training progress shows: a bar with rate and ETA on a terminal, a plain line about every 10% of an epoch
     * otherwise (a file, CI), nothing with {@code --quiet}; each epoch's summary in the last two cases too.
     */
    ProgressListener progress() {
        if (common.quietMode()) {
            return ProgressListener.none();
        }
        return System.console() != null ? new Progress.Bar(spec.commandLine().getErr())
                : new Progress.Lines(spec.commandLine().getErr(), 10);
    }

    /** Refuses a value outside {@code min..max} as a bad value of the option {@code name}; null passes. */
    void range(Integer value, String name, int min, int max) {
        if (value != null && (value < min || value > max)) {
            throw new picocli.CommandLine.ParameterException(spec.commandLine(), name + " must be in " + min + ".."
                    + max + ", got " + value);
        }
    }

    /** {@code value}, or {@code fallback} when it is null: an option left out keeps its default. */
    static <T> T or(T value, T fallback) {
        return value != null ? value : fallback;
    }

    /** The subcommand's work; a {@link dev.pigment.core.BadInputException} or bad argument is one line. */
    abstract void work() throws Exception;
}
