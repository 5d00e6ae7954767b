package dev.pigment.models.classifier;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** A main of the test classes run in a JVM of its own, its output read line by line. */
final class ChildJvm {
    private final Process process;
    private final BufferedReader out;
    private final List<String> log = new ArrayList<>();

    private ChildJvm(Process process) {
        this.process = process;
        this.out = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
    }

    /** Starts {@code main} with the test class path, JVM options {@code jvm} and arguments {@code args}. */
    static ChildJvm start(Class<?> main, List<String> jvm, String... args) throws IOException {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(jvm);
        command.addAll(List.of("-cp", System.getProperty("java.class.path"), main.getName()));
        command.addAll(List.of(args));
        return new ChildJvm(new ProcessBuilder(command).redirectErrorStream(true).start());
    }

    /** Reads the output until a line starts with {@code prefix}; returns that line. */
    String await(String prefix) throws IOException {
        for (String line; (line = out.readLine()) != null; ) {
            log.add(line);
            if (line.startsWith(prefix)) {
                return line;
            }
        }
        throw new AssertionError("the child ended without \"" + prefix + "\": " + String.join("\n", log));
    }

    /** Waits for the line starting with {@code prefix} and a normal exit; returns the line. */
    String finish(String prefix) throws Exception {
        String line = await(prefix);
        assertTrue(process.waitFor(60, TimeUnit.SECONDS), "the child did not end");
        assertEquals(0, process.exitValue(), String.join("\n", log));
        return line;
    }

    /** Kills the child as SIGKILL does and waits for it. */
    void kill() throws InterruptedException {
        process.destroyForcibly();
        assertTrue(process.waitFor(30, TimeUnit.SECONDS));
    }
}
