package dev.pigment.cli.job;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.pigment.core.image.Bitmap;
import dev.pigment.core.image.ImageFiles;
import dev.pigment.core.source.Cifar10;
import dev.pigment.core.source.FashionMnist;
import dev.pigment.core.source.LabelledImages;
import dev.pigment.models.classifier.Classifier;
import dev.pigment.models.TestTimeAugmentation;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Each classifier example runs end to end on a tiny budget and produces what it promises. */
class ClassifierJobsTest {
    @TempDir
    Path dir;

    /** Stripes of direction {@code cls} (0 horizontal, 1 vertical, 2 diagonal), in gray or colour. */
    static Bitmap stripes(int cls, int h, int w, int channels, Random r) {
        double phase = r.nextDouble() * 6.28;
        byte[] px = new byte[h * w * channels];
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                double t = cls == 0 ? y : cls == 1 ? x : (x + y) * 0.7;
                int v = (int) Math.max(0, Math.min(255, 128 + 100 * Math.sin(t * 0.9 + phase)
                        + r.nextGaussian() * 15));
                for (int c = 0; c < channels; c++) {
                    px[(y * w + x) * channels + c] = (byte) v;
                }
            }
        }
        return Bitmap.of(h, w, channels, px);
    }

    /** A class-per-folder tree of stripe images of mixed sizes and channel counts, plus one corrupt file. */
    static Path folder(Path root, List<String> classes, int perClass, long seed) throws Exception {
        Random r = new Random(seed);
        for (int c = 0; c < classes.size(); c++) {
            Path d = Files.createDirectories(root.resolve(classes.get(c)));
            for (int i = 0; i < perClass; i++) {
                int h = 40 + r.nextInt(30);
                int w = 40 + r.nextInt(30);
                ImageFiles.write(stripes(c, h, w, i % 3 == 0 ? 1 : 3, r), d.resolve(i + (i % 2 == 0 ? ".png"
                        : ".jpg")));
            }
        }
        Files.writeString(root.resolve(classes.get(0)).resolve("corrupt.jpg"), "not an image");
        return root;
    }

    @Test
    void fashionMnistTrainsEvaluatesSavesAndPlots() throws Exception {
        FashionMnistJob.Options o = FashionMnistJob.Options.defaults().withData(FashionMnist.DEBIAN_DIR, dir)
                .small(2000, 500, 300, 3);
        ClassifierJob.Result r = FashionMnistJob.run(o);
        assertEquals(3, r.history().epochs().size());
        assertEquals(500, r.test().total());
        assertTrue(r.test().accuracy() > 0.6, r.test().toString());   // chance is 0.1
        assertEquals(500, r.testPlain().total());
        assertTrue(r.testPlain().accuracy() > 0.6, r.testPlain().toString());
        for (Path f : List.of(r.model(), r.curves(), r.confusion(), r.report())) {
            assertTrue(Files.size(f) > 1000, f.toString());
        }
        assertTrue(Files.readString(r.report()).contains("Ankle boot"));
        Classifier back = Classifier.load(r.model());
        assertEquals(FashionMnist.CLASS_NAMES, back.classNames());
        assertEquals(TestTimeAugmentation.HORIZONTAL_FLIP, back.testTimeAugmentation(), "the demo's model flips");
        LabelledImages test = FashionMnist.test(FashionMnist.DEBIAN_DIR);
        assertEquals(back.classify(test.image(0)).label(),
                Classifier.load(r.model()).classify(test.image(0)).label());

        // fine-tune the saved Fashion-MNIST model on a folder of two new classes
        Path newClasses = folder(dir.resolve("new"), List.of("horizontal", "vertical"), 40, 3);
        ClassifierJob.Result tuned = FineTuneJob.run(FineTuneJob.Options.of(r.model(), newClasses,
                dir.resolve("tuned")).withEpochs(4));
        assertEquals(List.of("horizontal", "vertical"), Classifier.load(tuned.model()).classNames());
        assertTrue(tuned.test().accuracy() >= 0.75, tuned.test().toString());
    }

    @Test
    void imageFolderTrainsAndClassifiesNewImages() throws Exception {
        Path data = folder(dir.resolve("pets"), List.of("cat", "dog", "fox"), 40, 1);
        Path fresh = Files.createDirectories(dir.resolve("fresh"));
        Random r = new Random(9);
        for (int i = 0; i < 4; i++) {
            ImageFiles.write(stripes(i % 3, 50, 60, 3, r), fresh.resolve("new" + i + ".png"));
        }
        ImageFolderJob.Result res = ImageFolderJob.run(
                ImageFolderJob.Options.of(data, fresh, dir.resolve("out")).with(32, 6));
        assertEquals(1, res.skipped().size(), "the corrupt file is skipped and listed");
        assertEquals("corrupt.jpg", res.skipped().get(0).file().getFileName().toString());
        assertTrue(res.job().test().accuracy() >= 0.6, res.job().test().toString());
        assertEquals(4, res.predictions().predictions().size());
        int right = 0;
        for (Classifier.FilePrediction p : res.predictions().predictions()) {
            int i = Integer.parseInt(p.file().getFileName().toString().replaceAll("\\D", ""));
            right += p.prediction().label().equals(List.of("cat", "dog", "fox").get(i % 3)) ? 1 : 0;
        }
        assertTrue(right >= 2, res.predictions().toString());
    }

    @Test
    void cifar10ReadsBatchesTrainsAndEvaluates() throws Exception {
        Path data = Files.createDirectories(dir.resolve("cifar-10-batches-bin"));
        Random r = new Random(5);
        for (String name : List.of("data_batch_1", "data_batch_2", "data_batch_3", "data_batch_4", "data_batch_5",
                "test_batch")) {
            List<Bitmap> images = new ArrayList<>();
            int[] labels = new int[30];
            for (int i = 0; i < labels.length; i++) {
                labels[i] = i % 10;
                images.add(stripes(labels[i] % 3, 32, 32, 3, r));
            }
            Cifar10.writeBatch(new LabelledImages(images, labels, Cifar10.CLASS_NAMES), data.resolve(name + ".bin"));
        }
        ClassifierJob.Result res = Cifar10Job.run(Cifar10Job.Options.of(data, dir.resolve("out"))
                .with(1, 20));
        assertEquals(30, res.test().total());
        assertEquals(Cifar10.CLASS_NAMES, res.test().classNames());
        assertEquals(130, res.history().epochs().get(0).images());
        assertTrue(Files.exists(res.model()));
    }
}
