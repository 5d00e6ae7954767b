package dev.pigment.examples;

import dev.pigment.core.BadFilePolicy;
import dev.pigment.models.colorizer.Colorizer;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Set;

/**
 * Colorizes a folder of black-and-white or colour photos at full resolution with a saved colorizer (from
 * {@link ColorizerExample}), writing {@code <name>.png} for each into the output folder; unreadable and too small
 * files are skipped and listed.
 *
 * <pre>java ... dev.pigment.examples.ColorizeFolderExample --model out/colorizer/colorizer-regression.pigment
 *     --in photos --out out/colorized</pre>
 *
 * Options: {@code --model FILE}, {@code --in DIR}, {@code --out DIR}, {@code --batch N}, {@code --temperature T}
 * (the classification head's annealed-mean temperature).
 */
public final class ColorizeFolderExample {
    private ColorizeFolderExample() {
    }

    public static void main(String[] argv) {
        Cli.run("ColorizeFolderExample", () -> {
            Args a = new Args(argv, Set.of("model", "in", "out", "batch", "temperature"));
            Colorizer.FolderResult r = run(a.requiredPath("model"), a.requiredPath("in"),
                    a.path("out", Path.of("out/colorized")), a.integer("batch", 8), a.number("temperature", 0));
            System.out.printf("colorized %d photos into %s; %s%n", r.written().size(),
                    r.written().isEmpty() ? "-" : r.written().get(0).getParent(), r.report());
        });
    }

    /**
     * Colorizes every photo directly in {@code in}.
     *
     * @param temperature the annealed-mean temperature for a classification model, or 0 for the model's own
     */
    public static Colorizer.FolderResult run(Path model, Path in, Path out, int batch, double temperature)
            throws IOException {
        Colorizer colorizer = Colorizer.load(model);
        if (temperature > 0) {
            colorizer = colorizer.withTemperature(temperature);
        }
        System.out.println("colorizer: " + colorizer);
        return colorizer.colorizeFolder(in, out, batch, BadFilePolicy.SKIP);
    }
}
