package dev.pigment.examples;

import dev.pigment.core.BadFilePolicy;
import dev.pigment.core.image.Bitmap;
import dev.pigment.core.image.ImageFiles;
import dev.pigment.core.metrics.Baselines;
import dev.pigment.core.metrics.ColorizationReport;
import dev.pigment.core.source.PhotoSet;
import dev.pigment.models.colorizer.Colorizer;
import dev.pigment.models.colorizer.ColorizerConfig;
import dev.pigment.models.colorizer.Crops;
import dev.pigment.models.train.ProgressListener;
import dev.pigment.models.train.Training;
import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Trains pigment's colorizer ({@link ColorizerConfig#unet64}, after Zhang, Isola and Efros, "Colorful Image
 * Colorization", 2016, with an L2 regression head) on a folder of colour photos, holding a fifth of them out
 * whole, and scores it on those against painting them gray (a* = b* = 0). The command line's
 * {@code pigment train-colorizer} is this with options (ensembles among them), plots and a report.
 *
 * <pre>./mvnw -q -pl examples exec:java -Dexec.mainClass=dev.pigment.examples.ColorizerExample \
 *     -Dexec.args=/usr/share/backgrounds</pre>
 */
public final class ColorizerExample {
    private ColorizerExample() {
    }

    public static void main(String[] args) throws IOException {
        Path photos = Path.of(args.length > 0 ? args[0] : "/usr/share/backgrounds");
        Training training = Training.builder(6, 42).batchSize(32).maxSeconds(120).scheduleToBudget(true)
                .progress(ProgressListener.printing(System.out, 25)).build();
        ColorizationReport report = run(photos, training, Path.of("out/examples/colorizer.pigment"));
        System.out.print(report.text());
    }

    /** Trains on {@code photos} (sub-folders included) and returns the held-out scores of pigment and of gray. */
    public static ColorizationReport run(Path photos, Training training, Path model) throws IOException {
        List<Path> files = ImageFiles.list(photos);
        PhotoSet all = PhotoSet.load(files, PhotoSet.Options.defaults().withPolicy(BadFilePolicy.SKIP)).data();
        PhotoSet.Parts parts = all.split(0.2, training.seed());
        ColorizerConfig config = ColorizerConfig.unet64().seed(training.seed()).build();
        Colorizer colorizer = Colorizer.create(config, parts.train());
        colorizer.train(parts.train(), null, training, Crops.DEFAULT);
        colorizer.save(model);
        List<Bitmap> heldOut = parts.test().photos();
        Map<String, List<Bitmap>> outputs = new LinkedHashMap<>();
        outputs.put("gray", heldOut.stream().map(Baselines::gray).toList());
        outputs.put("pigment", colorizer.colorize(heldOut, 8));
        return ColorizationReport.of(heldOut, outputs);
    }
}
