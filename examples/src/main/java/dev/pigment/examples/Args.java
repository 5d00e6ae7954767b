package dev.pigment.examples;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

/** {@code --name value} command-line options, checked against the names a main accepts. */
final class Args {
    private final Map<String, String> values = new HashMap<>();

    private final Set<String> flags;

    Args(String[] args, Set<String> accepted) {
        this(args, accepted, Set.of());
    }

    /** As {@link #Args(String[], Set)}, with options in {@code flags} that take no value ({@code --resume}). */
    Args(String[] args, Set<String> accepted, Set<String> flags) {
        this.flags = Set.copyOf(flags);
        for (int i = 0; i < args.length; i++) {
            String a = args[i];
            String name = a.startsWith("--") ? a.substring(2) : "";
            if (flags.contains(name)) {
                values.put(name, "true");
                continue;
            }
            if (!accepted.contains(name)) {
                throw new IllegalArgumentException("unknown option '" + a + "'; accepted: --"
                        + String.join(", --", java.util.stream.Stream.concat(accepted.stream(), flags.stream())
                        .sorted().toList()));
            }
            if (i + 1 >= args.length) {
                throw new IllegalArgumentException("option " + a + " needs a value");
            }
            values.put(a.substring(2), args[++i]);
        }
    }

    Path path(String name, Path fallback) {
        return values.containsKey(name) ? Path.of(values.get(name)) : fallback;
    }

    List<Path> paths(String name, List<Path> fallback) {
        return values.containsKey(name)
                ? java.util.Arrays.stream(values.get(name).split(",")).map(Path::of).toList()
                : fallback;
    }

    int integer(String name, int fallback) {
        return parsed(name, fallback, Integer::parseInt, "an integer");
    }

    long longValue(String name, long fallback) {
        return parsed(name, fallback, Long::parseLong, "an integer");
    }

    double number(String name, double fallback) {
        return parsed(name, fallback, Double::parseDouble, "a number");
    }

    /** The option's value parsed, or {@code fallback} when absent; a value that does not parse is named. */
    private <T> T parsed(String name, T fallback, Function<String, T> parser, String kind) {
        String v = values.get(name);
        if (v == null) {
            return fallback;
        }
        try {
            return parser.apply(v);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("--" + name + " must be " + kind + ", got '" + v + "'");
        }
    }

    /** Whether the flag {@code name} was given. */
    boolean flag(String name) {
        if (!flags.contains(name)) {
            throw new IllegalStateException("--" + name + " is not a flag of this main");
        }
        return values.containsKey(name);
    }

    String string(String name, String fallback) {
        return values.getOrDefault(name, fallback);
    }

    /** A required path option. */
    Path requiredPath(String name) {
        if (!values.containsKey(name)) {
            throw new IllegalArgumentException("option --" + name + " is required");
        }
        return Path.of(values.get(name));
    }
}
