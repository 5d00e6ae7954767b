package dev.pigment.models.engine;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * What CPU this process runs on, for reports and benchmark tables: the model name, the cpuinfo family and model,
 * the cores Java sees and the vector extensions that decide which kernels oneDNN picks (AVX2, AVX-512, AVX-512 BF16,
 * AMX). Read from {@code /proc/cpuinfo} on Linux; elsewhere only the architecture and the cores are known.
 *
 * @param model the CPU's model name, or the JVM's {@code os.arch} where it cannot be read
 * @param family cpuinfo's CPU family, or -1
 * @param modelNumber cpuinfo's model number, or -1
 * @param cores the processors available to the JVM
 * @param extensions the vector extensions present, among avx2, avx512f, avx512_bf16, amx_bf16
 */
public record Machine(String model, int family, int modelNumber, int cores, List<String> extensions) {
    private static final List<String> EXTENSIONS = List.of("avx2", "avx512f", "avx512_bf16", "amx_bf16");

    /** Keeps an unmodifiable copy of {@code extensions}; throws {@code NullPointerException} if it is or holds null. */
    public Machine {
        extensions = List.copyOf(extensions);
    }

    /** The machine this JVM runs on. */
    public static Machine current() {
        int cores = Runtime.getRuntime().availableProcessors();
        Path cpuinfo = Path.of("/proc/cpuinfo");
        try {
            if (Files.isReadable(cpuinfo)) {
                return parse(Files.readAllLines(cpuinfo), cores);
            }
        } catch (IOException | RuntimeException e) {
            // fall through: a report still names the architecture
        }
        return new Machine(System.getProperty("os.arch"), -1, -1, cores, List.of());
    }

    /** The first processor's entry of a {@code /proc/cpuinfo} text. */
    static Machine parse(List<String> lines, int cores) {
        String model = System.getProperty("os.arch");
        int family = -1;
        int number = -1;
        Set<String> flags = Set.of();
        for (String line : lines) {
            int colon = line.indexOf(':');
            if (line.isBlank() && (family >= 0 || !flags.isEmpty() || number >= 0)) {
                break;
            }
            if (colon < 0) {
                continue;
            }
            String key = line.substring(0, colon).trim();
            String value = line.substring(colon + 1).trim();
            switch (key) {
                case "model name" -> model = value;
                case "cpu family" -> family = number(value);
                case "model" -> number = number(value);
                case "flags" -> flags = new HashSet<>(List.of(value.split("\\s+")));
                default -> { }
            }
        }
        List<String> present = new ArrayList<>();
        for (String e : EXTENSIONS) {
            if (flags.contains(e)) {
                present.add(e);
            }
        }
        return new Machine(model, family, number, cores, present);
    }

    /** A decimal cpuinfo number, or -1 where it is something else (PowerPC's "model : 8335-GTW"). */
    private static int number(String value) {
        try {
            return Integer.parseInt(value);
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    /** One line, for example {@code AMD EPYC 9R14 (family 25, model 17), 2 cores, avx2 avx512f avx512_bf16}. */
    @Override
    public String toString() {
        return model + (family >= 0 ? " (family " + family + ", model " + modelNumber + ")" : "") + ", " + cores
                + (cores == 1 ? " core" : " cores") + (extensions.isEmpty() ? "" : ", " + String.join(" ",
                extensions));
    }
}
