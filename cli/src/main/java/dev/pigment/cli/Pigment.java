package dev.pigment.cli;

import dev.pigment.core.BadInputException;
import java.io.PrintWriter;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * The {@code pigment} command: image classification and photo colorization on the JVM. Each subcommand is a class
 * of this package; {@link #execute} runs one and returns its exit status: 0 done, 1 failed (bad input or a failed
 * run, one line; the trace with {@code --verbose}), 2 bad options (one line naming the option).
 */
@Command(name = "pigment", mixinStandardHelpOptions = true, versionProvider = Version.class,
        description = "Image classification and photo colorization on the JVM (Deeplearning4j).",
        subcommands = {DemoCommand.class, TrainClassifierCommand.class, EvaluateCommand.class, ClassifyCommand.class,
            FineTuneCommand.class, TrainColorizerCommand.class, ColorizeCommand.class, ServeCommand.class,
            BenchmarkCommand.class, CommandLine.HelpCommand.class},
        footer = {"", "Examples:", "  pigment demo",
            "  pigment classify --model out/fashion-mnist/model.pigment shoe.png",
            "  pigment colorize old-photo.jpg --out colour.png", "  pigment <command> --help"})
public final class Pigment implements Runnable {
    /** Exit status of a run that failed: bad input, or an error while it ran. */
    public static final int FAILED = 1;
    /** Exit status of a bad command line. */
    public static final int USAGE = 2;

    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(), "name a command: "
                + String.join(", ", spec.subcommands().keySet()));
    }

    /** Runs {@code pigment} and exits with its status. */
    public static void main(String[] args) {
        System.exit(execute(args, new PrintWriter(System.out, true), new PrintWriter(System.err, true)));
    }

    /** Runs the command line {@code args}, writing to {@code out} and {@code err}; returns the exit status. */
    public static int execute(String[] args, PrintWriter out, PrintWriter err) {
        CommandLine cli = new CommandLine(new Pigment());
        cli.setCaseInsensitiveEnumValuesAllowed(true);   // --heads regression, as the help writes it
        cli.setOut(out);
        cli.setErr(err);
        cli.setParameterExceptionHandler((e, arguments) -> {
            CommandLine c = e.getCommandLine();
            c.getErr().println(c.getCommandSpec().qualifiedName() + ": " + e.getMessage());
            c.getErr().println("Try '" + c.getCommandSpec().qualifiedName() + " --help'.");
            c.getErr().flush();
            return USAGE;
        });
        cli.setExecutionExceptionHandler((e, c, parsed) -> {
            String what = e instanceof BadInputException || e instanceof IllegalArgumentException
                    || e instanceof IllegalStateException ? e.getMessage() : e.toString();
            c.getErr().println(c.getCommandSpec().qualifiedName() + ": " + what);
            Object command = c.getCommand();
            if (command instanceof Task task && task.common().verbose()) {
                e.printStackTrace(c.getErr());
            }
            c.getErr().flush();
            return FAILED;
        });
        return cli.execute(args);
    }
}
