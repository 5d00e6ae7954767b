package dev.pigment.examples;

import dev.pigment.core.BadFilePolicy;
import dev.pigment.models.colorizer.Colorizer;
import java.io.IOException;
import java.nio.file.Path;

/**
 * Colorizes a folder of black-and-white or colour photos at full resolution with a saved colorizer (from
 * {@link ColorizerExample} or {@code pigment demo}), writing one image for each into the output folder; unreadable
 * and too small files are skipped and listed.
 *
 * <pre>./mvnw -q -pl examples exec:java -Dexec.mainClass=dev.pigment.examples.ColorizeFolderExample \
 *     -Dexec.args="out/colorizer/colorizer-regression.pigment photos out/colorized"</pre>
 */
public final class ColorizeFolderExample {
    private ColorizeFolderExample() {
    }

    public static void main(String[] args) throws IOException {
        if (args.length != 3) {
            throw new IllegalArgumentException("usage: ColorizeFolderExample MODEL_FILE IN_DIR OUT_DIR");
        }
        Colorizer.FolderResult r = run(Path.of(args[0]), Path.of(args[1]), Path.of(args[2]), 8, 0);
        System.out.printf("colorized %d photos into %s; %s%n", r.written().size(), args[2], r.report());
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
