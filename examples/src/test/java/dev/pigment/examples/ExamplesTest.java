package dev.pigment.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.pigment.core.image.Bitmap;
import dev.pigment.core.image.ImageFiles;
import dev.pigment.core.metrics.ClassificationScores;
import dev.pigment.core.metrics.ColorizationReport;
import dev.pigment.core.source.Cifar10;
import dev.pigment.core.source.LabelledImages;
import dev.pigment.core.source.PhotoSet;
import dev.pigment.core.source.Synthetic;
import dev.pigment.models.TestTimeAugmentation;
import dev.pigment.models.classifier.Classifier;
import dev.pigment.models.colorizer.Colorizer;
import dev.pigment.models.train.Training;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Each example's run(...) on drawn data, on a tiny budget: it trains, saves and returns real scores. */
class ExamplesTest {
    @TempDir
    Path dir;

    /** Writes {@code images} as PNGs in one sub-folder per class. */
    static Path classFolders(LabelledImages images, Path root) throws Exception {
        for (int i = 0; i < images.size(); i++) {
            Path d = Files.createDirectories(root.resolve(images.classNames().get(images.label(i)).replace(' ', '-')));
            ImageFiles.write(images.image(i), d.resolve(i + ".png"));
        }
        return root;
    }

    @Test
    void fashionMnistExampleTrainsSavesAndScores() throws Exception {
        Path model = dir.resolve("shapes.pigment");
        ClassificationScores s = FashionMnistExample.run(Synthetic.shapes(4000, 28, 1), Synthetic.shapes(300, 28, 2),
                Training.builder(3, 7).batchSize(64).build(), model);
        assertEquals(300, s.total());
        assertTrue(s.accuracy() > 0.5, s.report());   // chance is 0.1
        Classifier back = Classifier.load(model);
        assertEquals(Synthetic.SHAPE_CLASSES, back.classNames());
        assertEquals(TestTimeAugmentation.HORIZONTAL_FLIP, back.testTimeAugmentation());

        // its features reused for four of the classes, drawn at another size
        LabelledImages drawn = Synthetic.shapes(1000, 40, 3);
        LabelledImages fresh = drawn.subset(IntStream.range(0, drawn.size()).filter(i -> drawn.label(i) < 4)
                .toArray());
        ClassificationScores tuned = FineTuneExample.run(model, classFolders(fresh, dir.resolve("fresh")),
                Training.builder(5, 3).batchSize(16).build(), dir.resolve("tuned.pigment"));
        assertEquals(4, tuned.classNames().size());
        assertTrue(tuned.accuracy() > 0.4, tuned.report());   // chance is 0.25
    }

    @Test
    void cifar10ExampleReadsTheBinaryBatches() throws Exception {
        Path data = Files.createDirectories(dir.resolve("cifar-10-batches-bin"));
        for (String name : List.of("data_batch_1", "data_batch_2", "data_batch_3", "data_batch_4", "data_batch_5",
                "test_batch")) {
            LabelledImages shapes = Synthetic.shapes(40, 32, name.hashCode());
            List<Bitmap> colour = new ArrayList<>();
            for (int i = 0; i < shapes.size(); i++) {
                colour.add(shapes.image(i).toRgb());
            }
            Cifar10.writeBatch(new LabelledImages(colour, shapes.labels(), Cifar10.CLASS_NAMES),
                    data.resolve(name + ".bin"));
        }
        ClassificationScores s = Cifar10Example.run(data, Training.builder(1, 1).batchSize(32).build(),
                dir.resolve("cifar.pigment"));
        assertEquals(40, s.total());
        assertEquals(Cifar10.CLASS_NAMES, s.classNames());
        assertTrue(Files.size(dir.resolve("cifar.pigment")) > 0);
    }

    @Test
    void imageFolderExampleTrainsThenClassifiesAFolder() throws Exception {
        Path data = classFolders(Synthetic.shapes(120, 48, 4), dir.resolve("train"));
        Path fresh = Files.createDirectories(dir.resolve("new"));
        LabelledImages unseen = Synthetic.shapes(5, 48, 5);
        for (int i = 0; i < unseen.size(); i++) {
            ImageFiles.write(unseen.image(i), fresh.resolve("new" + i + ".png"));
        }
        Files.writeString(fresh.resolve("broken.jpg"), "not an image");
        Classifier.FolderPredictions p = ImageFolderExample.run(data, 32, Training.builder(2, 1).batchSize(16)
                .build(), fresh);
        assertEquals(5, p.predictions().size());
        assertEquals(1, p.report().skipped().size(), "the broken file is skipped and listed");
        List<String> folders = Synthetic.SHAPE_CLASSES.stream().map(c -> c.replace(' ', '-')).toList();
        p.predictions().forEach(f -> assertTrue(folders.contains(f.prediction().label()), f.toString()));
    }

    @Test
    void colorizerExamplesTrainScoreAndColorizeAFolder() throws Exception {
        Path photos = Files.createDirectories(dir.resolve("photos"));
        List<Bitmap> scenes = Synthetic.scenes(10, 96, 128, 6);
        for (int i = 0; i < scenes.size(); i++) {
            ImageFiles.write(scenes.get(i), photos.resolve("scene" + i + ".png"));
        }
        Path model = dir.resolve("colorizer.pigment");
        ColorizationReport r = ColorizerExample.run(photos, Training.builder(1, 1).batchSize(16).maxImages(256)
                .build(), model);
        assertEquals(List.of("gray", "pigment"), List.copyOf(r.scores().keySet()));
        assertEquals(2, r.scores("pigment").images());   // a fifth of 10 held out
        assertTrue(Double.isFinite(r.scores("pigment").psnr()), r.text());

        Path in = Files.createDirectories(dir.resolve("bw"));
        ImageFiles.write(Synthetic.scenes(1, 70, 90, 7).get(0).toGray(), in.resolve("old.png"));
        Colorizer.FolderResult f = ColorizeFolderExample.run(model, in, dir.resolve("colour"), 4, 0);
        Bitmap coloured = ImageFiles.read(f.written().get(0));
        assertEquals(List.of(70, 90, 3), List.of(coloured.height(), coloured.width(), coloured.channels()));
    }

    @Test
    void pipelineDemoStreamsBatchesAndDrawsTheCrops() throws Exception {
        assertTrue(PipelineDemo.rate(Synthetic.shapes(600, 28, 8), 300, 1) > 0);
        Path photos = Files.createDirectories(dir.resolve("scenes"));
        ImageFiles.write(Synthetic.scenes(1, 128, 160, 9).get(0), photos.resolve("s.png"));
        Path sheet = PipelineDemo.contactSheet(PhotoSet.load(ImageFiles.list(photos), PhotoSet.Options.defaults())
                .data(), dir.resolve("sheet.png"), 1);
        Bitmap b = ImageFiles.read(sheet);
        assertEquals(List.of(4 * 96 + 5 * 4, 6 * 96 + 7 * 4), List.of(b.height(), b.width()));
    }
}
