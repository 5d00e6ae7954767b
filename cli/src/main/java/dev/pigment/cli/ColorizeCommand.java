package dev.pigment.cli;

import dev.pigment.core.BadFilePolicy;
import dev.pigment.core.image.Bitmap;
import dev.pigment.core.image.ImageFiles;
import dev.pigment.models.TestTimeAugmentation;
import dev.pigment.models.colorizer.Colorizer;
import dev.pigment.models.io.Pretrained;
import java.nio.file.Files;
import java.nio.file.Path;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;

/** {@code pigment colorize}: a photo, or a folder of photos, colorized at full resolution. */
@Command(name = "colorize", mixinStandardHelpOptions = true,
        description = "Colorize a black-and-white (or colour) photo, or every photo of a folder and its sub-folders, "
                + "at full resolution: the output keeps the photo's size and lightness.",
        footer = {"", "Examples:", "  pigment colorize old.jpg --out old-colour.png    # the pretrained colorizer",
            "  pigment colorize meadow.jpg --out m.png --pretrained wallpapers",
            "  pigment colorize scans/ --out colour/ --skip-bad # scans/a/x.jpg -> colour/a/x.png",
            "  pigment colorize --model out/colorizer/regression.pigment old.jpg --out new.png"})
final class ColorizeCommand extends Task {
    @Parameters(paramLabel = "INPUT", description = "A photo, or a folder of photos.")
    Path input;

    @Option(names = "--out", required = true, paramLabel = "OUTPUT", description = "For a photo: the output file "
            + "(.png, .jpg, .bmp), or a folder to write <name>.png into. For a folder: the output folder, which "
            + "mirrors the input's sub-folders.")
    Path output;

    @Option(names = "--model", paramLabel = "FILE", description = "A colorizer saved by pigment (train-colorizer, "
            + "demo). Default: the pretrained colorizer, see --pretrained.")
    Path model;

    @Option(names = "--pretrained", paramLabel = "NAME", description = "Which pretrained colorizer, when no --model: "
            + "photos (trained on the photographs of nine Debian sources) or wallpapers (on the Debian wallpapers "
            + "alone: stronger colour on landscapes and flowers, below gray on muted photos). Default: photos.")
    String pretrained;

    @Option(names = "--flip", description = "Average each photo's colours with its mirror image's (twice the work). The "
            + "pretrained colorizer, and models saved with train-colorizer --flip-averaging, always do.")
    boolean flip;

    @Option(names = "--temperature", paramLabel = "T", description = "For a classification-head model: the "
            + "annealed-mean temperature, in (0, 1]; lower is more vivid.")
    Double temperature;

    @Option(names = "--working-side", paramLabel = "PX", description = "The shorter side the network sees the photo "
            + "at; the colours are upsampled to the photo's size. Smaller shows it more of the photo at once and "
            + "costs less. Default: the model's (80 for the pretrained photos colorizer).")
    Integer workingSide;

    @Option(names = "--batch", defaultValue = "8", paramLabel = "N", description = "Photos of one size per network "
            + "pass. Default: ${DEFAULT-VALUE}.")
    int batch;

    @Option(names = "--skip-bad", description = "For a folder: list unreadable or too small photos and go on.")
    boolean skipBad;

    @Override
    void work() throws Exception {
        if (batch < 1) {
            throw new ParameterException(spec.commandLine(), "--batch must be at least 1, got " + batch);
        }
        range(workingSide, "--working-side", Colorizer.MIN_SIDE, Colorizer.MAX_WORKING_SIDE);
        if (model != null && pretrained != null) {
            throw new ParameterException(spec.commandLine(), "give --model or --pretrained, not both");
        }
        if (pretrained != null && !Pretrained.COLORIZERS.contains(pretrained)) {
            throw new ParameterException(spec.commandLine(), "--pretrained must be one of " + Pretrained.COLORIZERS
                    + ", got \""
                    + pretrained + "\"");
        }
        Colorizer colorizer = model != null ? Colorizer.load(model)
                : pretrained != null ? Colorizer.pretrained(pretrained) : Colorizer.pretrained();
        if (temperature != null) {
            try {
                colorizer = colorizer.withTemperature(temperature);
            } catch (IllegalArgumentException | IllegalStateException e) {
                throw new ParameterException(spec.commandLine(), "--temperature: " + e.getMessage());
            }
        }
        if (workingSide != null) {
            try {
                colorizer = colorizer.withWorkingSide(workingSide);
            } catch (IllegalArgumentException e) {
                throw new ParameterException(spec.commandLine(), "--working-side: " + e.getMessage());
            }
        }
        if (flip) {
            colorizer = colorizer.withTestTimeAugmentation(TestTimeAugmentation.HORIZONTAL_FLIP);
        }
        if (Files.isDirectory(input)) {
            Colorizer.FolderResult r = colorizer.colorizeFolder(input, output, batch,
                    skipBad ? BadFilePolicy.SKIP : BadFilePolicy.FAIL);
            r.written().forEach(f -> out().println(f));
            r.report().skipped().forEach(s -> note("skipped " + s));
            note(r.written().size() + " colorized into " + output + (r.report().skipped().isEmpty() ? ""
                    : ", " + r.report().skipped().size() + " skipped"));
        } else {
            Path target = Files.isDirectory(output) ? output.resolve(ImageFiles.stem(input) + ".png") : output;
            try {
                ImageFiles.writeFormat(target);
            } catch (IllegalArgumentException e) {
                throw new ParameterException(spec.commandLine(), "--out: " + output + " is neither a folder nor a"
                        + " .png, .jpg or .bmp file");
            }
            if (ImageFiles.real(target).equals(ImageFiles.real(input))) {
                throw new ParameterException(spec.commandLine(), "--out: " + target + " is the input photo; choose"
                        + " another file");
            }
            Bitmap colour = colorizer.colorize(input);
            ImageFiles.write(colour, target);
            out().println(target);
        }
        out().flush();
    }
}
