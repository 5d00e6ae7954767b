package dev.pigment.examples;

import dev.pigment.core.BadFilePolicy;
import dev.pigment.core.InputSpec;
import dev.pigment.core.Loaded;
import dev.pigment.core.augment.Augmentation;
import dev.pigment.core.color.LabImage;
import dev.pigment.core.image.Bitmap;
import dev.pigment.core.image.ImageFiles;
import dev.pigment.core.image.Mosaic;
import dev.pigment.core.dataset.ClassificationIterator;
import dev.pigment.core.dataset.ColorizationIterator;
import dev.pigment.core.source.FashionMnist;
import dev.pigment.core.source.LabelledImages;
import dev.pigment.core.source.PhotoSet;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The shared DataVec pipeline on its own, no model: streams augmented Fashion-MNIST batches and measures their rate,
 * then cuts seeded colorization crops from photos and writes a contact sheet of what a colorizer sees: each crop,
 * its L* input, and L* joined with its a*b* target converted back to sRGB.
 *
 * <pre>./mvnw -q -pl examples exec:java -Dexec.mainClass=dev.pigment.examples.PipelineDemo</pre>
 */
public final class PipelineDemo {
    private PipelineDemo() {
    }

    public static void main(String[] args) throws IOException {
        LabelledImages train = FashionMnist.train(FashionMnist.DEBIAN_DIR);
        System.out.printf("augmented 28x28 batches: %.0f img/s%n", rate(train, 60_000, 42));
        Loaded<PhotoSet> photos = PhotoSet.load(ImageFiles.list(Path.of("/usr/share/backgrounds")),
                PhotoSet.Options.defaults().withPolicy(BadFilePolicy.SKIP));
        System.out.println("photos: " + photos.report());
        System.out.println("contact sheet: " + contactSheet(photos.data(), Path.of("out/examples/crops.png"), 42));
    }

    /** Streams batches of 128 with flips and shifts of up to 2 pixels until {@code images}; returns images/s. */
    public static double rate(LabelledImages train, int images, long seed) {
        ClassificationIterator batches = ClassificationIterator.builder(train, InputSpec.gray(28, 28))
                .batchSize(128).shuffle(true).seed(seed)
                .augmentation(Augmentation.of(Augmentation.horizontalFlip(0.5), Augmentation.randomShift(2)))
                .build();
        int streamed = 0;
        long start = System.nanoTime();
        while (batches.hasNext() && streamed < images) {
            streamed += batches.next().numExamples();
        }
        return streamed / ((System.nanoTime() - start) / 1e9);
    }

    /** Writes 8 seeded 96×96 crops of the first photo, with their L* and L* + a*b* views, as a 6×4 PNG grid. */
    public static Path contactSheet(PhotoSet photos, Path png, long seed) throws IOException {
        ColorizationIterator crops = ColorizationIterator.builder(photos, InputSpec.lightness(96, 96))
                .randomCrops(8, seed).build();
        List<Bitmap> tiles = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            Bitmap crop = crops.crop(0, i);
            LabImage lab = LabImage.of(crop);
            float[] zero = new float[lab.l().length];
            tiles.add(crop);
            tiles.add(new LabImage(lab.height(), lab.width(), lab.l(), zero, zero).toBitmap());
            tiles.add(lab.toBitmap());
        }
        ImageFiles.write(Mosaic.grid(tiles, 6, 4), png);
        return png;
    }
}
