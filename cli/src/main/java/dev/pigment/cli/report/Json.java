package dev.pigment.cli.report;

import java.util.ArrayDeque;
import java.util.Deque;

/** A JSON document written in order, with two-space indentation: objects, arrays, strings, numbers, booleans. */
public final class Json {
    private final StringBuilder sb = new StringBuilder();
    /** Per open container: whether it has a member yet. */
    private final Deque<boolean[]> open = new ArrayDeque<>();

    /** Opens an object, as a member named {@code name}, or as a value when {@code name} is null. */
    Json open(String name) {
        member(name);
        sb.append('{');
        open.push(new boolean[1]);
        return this;
    }

    Json close() {
        return end('}');
    }

    Json openArray(String name) {
        member(name);
        sb.append('[');
        open.push(new boolean[1]);
        return this;
    }

    Json closeArray() {
        return end(']');
    }

    Json value(String name, String value) {
        member(name);
        sb.append(quote(value));
        return this;
    }

    /** A number; one that is not finite is written as null, which JSON has in place of NaN. */
    Json value(String name, double value) {
        member(name);
        sb.append(Double.isFinite(value) ? (value == Math.rint(value) && Math.abs(value) < 1e15
                ? String.valueOf((long) value) : String.valueOf(value)) : "null");
        return this;
    }

    Json value(String name, long value) {
        member(name);
        sb.append(value);
        return this;
    }

    Json value(String name, boolean value) {
        member(name);
        sb.append(value);
        return this;
    }

    private void member(String name) {
        if (!open.isEmpty()) {
            boolean[] has = open.peek();
            sb.append(has[0] ? ",\n" : "\n").append("  ".repeat(open.size()));
            has[0] = true;
        }
        if (name != null) {
            sb.append(quote(name)).append(": ");
        }
    }

    private Json end(char bracket) {
        boolean had = open.pop()[0];
        if (had) {
            sb.append('\n').append("  ".repeat(open.size()));
        }
        sb.append(bracket);
        return this;
    }

    /** A number as JSON writes it: {@code null} where it is not finite, which JSON has no literal for. */
    public static String number(double value) {
        return Double.isFinite(value) ? String.valueOf(value) : "null";
    }

    /** A JSON string literal (RFC 8259): quotes, backslashes and control characters escaped. */
    public static String quote(String s) {
        StringBuilder out = new StringBuilder("\"");
        for (char c : s.toCharArray()) {
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                default -> {
                    if (c < 0x20) {
                        out.append(String.format("\\u%04x", (int) c));
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        return out.append('"').toString();
    }

    @Override
    public String toString() {
        return sb + "\n";
    }
}
