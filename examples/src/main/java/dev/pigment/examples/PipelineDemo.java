package dev.pigment.examples;

import dev.pigment.core.BadFilePolicy;
import dev.pigment.core.InputSpec;
import dev.pigment.core.Loaded;
import dev.pigment.core.augment.Augmentation;
import dev.pigment.core.color.LabImage;
import dev.pigment.core.dataset.ClassificationIterator;
import dev.pigment.core.dataset.ColorizationIterator;
import dev.pigment.core.image.Bitmap;
import dev.pigment.core.image.ImageFiles;
import dev.pigment.core.image.Mosaic;
import dev.pigment.core.source.FashionMnist;
import dev.pigment.core.source.LabelledImages;
import dev.pigment.core.source.PhotoSet;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import org.nd4j.linalg.dataset.DataSet;

/**
 * The main job until the model issues land: runs the shared pipeline end to end on the real data from the Debian
 * packages. It reads Fashion-MNIST, streams augmented classification batches and measures their rate, reads the
 * wallpaper photos, cuts seeded colorization crops and writes a contact sheet of what the colorizer will see: each
 * crop, its L* input, and L* joined with its a*b* target converted back to sRGB.
 *
 * <pre>./run.sh demo            (or: java ... dev.pigment.examples.PipelineDemo --out out/demo)</pre>
 *
 * Options: {@code --fashion DIR}, {@code --photos DIR[,DIR...]}, {@code --out DIR}, {@code --images N} (images
 * streamed for the rate), {@code --seed N}.
 */
public final class PipelineDemo {
    /** Default photo folders: the wallpaper packages. */
    public static final List<Path> DEBIAN_PHOTOS = List.of(Path.of("/usr/share/backgrounds"));

    /** What the demo did. */
    public record Result(int trainImages, int testImages, int[] trainClassCounts, int imagesStreamed,
                         double imagesPerSecond, Loaded<PhotoSet> photos, Path contactSheet) {
    }

    private PipelineDemo() {
    }

    public static void main(String[] argv) throws IOException {
        Args args = new Args(argv, Set.of("fashion", "photos", "out", "images", "seed"));
        Result r = run(args.path("fashion", FashionMnist.DEBIAN_DIR), args.paths("photos", DEBIAN_PHOTOS),
                args.path("out", Path.of("out/demo")), args.integer("images", 60_000), args.longValue("seed", 42));
        System.out.printf("Fashion-MNIST: %d train (per class %s), %d test%n", r.trainImages(),
                Arrays.toString(r.trainClassCounts()), r.testImages());
        System.out.printf("Classification batches (28x28 gray, flip + shift augmentation): %d images at %.0f img/s%n",
                r.imagesStreamed(), r.imagesPerSecond());
        System.out.printf("Photos: %s%n", r.photos().report());
        System.out.printf("Contact sheet (crop | L* input | L* + a*b* target): %s%n", r.contactSheet());
    }

    /**
     * Runs the demo.
     *
     * @param fashionDir folder of the Fashion-MNIST IDX files
     * @param photoDirs folders of colour photos
     * @param outDir where the contact sheet is written
     * @param images how many augmented training images to stream for the rate (at most one epoch)
     * @param seed seed of shuffling, augmentation and crops
     */
    public static Result run(Path fashionDir, List<Path> photoDirs, Path outDir, int images, long seed)
            throws IOException {
        LabelledImages train = FashionMnist.train(fashionDir);
        LabelledImages test = FashionMnist.test(fashionDir);

        ClassificationIterator batches = ClassificationIterator.builder(train, InputSpec.gray(28, 28))
                .batchSize(128).shuffle(true).seed(seed)
                .augmentation(Augmentation.of(Augmentation.horizontalFlip(0.5), Augmentation.randomShift(2)))
                .build();
        int streamed = 0;
        long start = System.nanoTime();
        while (batches.hasNext() && streamed < images) {
            DataSet ds = batches.next();
            streamed += ds.numExamples();
        }
        double rate = streamed / ((System.nanoTime() - start) / 1e9);

        List<Path> files = new ArrayList<>();
        for (Path dir : photoDirs) {
            files.addAll(ImageFiles.list(dir));
        }
        Loaded<PhotoSet> photos = PhotoSet.load(files, PhotoSet.Options.defaults().withPolicy(BadFilePolicy.SKIP));
        ColorizationIterator crops = ColorizationIterator.builder(photos.data(), InputSpec.lightness(96, 96))
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
        Path sheet = outDir.resolve("colorization-crops.png");
        ImageFiles.write(Mosaic.grid(tiles, 6, 4), sheet);
        return new Result(train.size(), test.size(), train.classCounts(), streamed, rate, photos, sheet);
    }
}
