package dev.pigment.models.colorizer;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.pigment.core.BadFilePolicy;
import dev.pigment.core.BadInputException;
import dev.pigment.core.InputSpec;
import dev.pigment.core.color.Colorization;
import dev.pigment.core.color.AbBins;
import dev.pigment.core.image.Bitmap;
import dev.pigment.core.image.ImageFiles;
import dev.pigment.core.metrics.Baselines;
import dev.pigment.core.metrics.ColorMetrics;
import dev.pigment.core.metrics.ColorizationScores;
import dev.pigment.core.source.PhotoSet;
import dev.pigment.models.TestTimeAugmentation;
import dev.pigment.models.classifier.Classifier;
import dev.pigment.models.classifier.ClassifierConfig;
import dev.pigment.models.train.Optimizer;
import dev.pigment.models.train.Training;
import dev.pigment.models.train.TrainingHistory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Training, colorization at full resolution, evaluation and save/load of small colorizers on generated photos. */
class ColorizerTest {
    static PhotoSet train;
    static PhotoSet heldOut;
    static Colorizer regression;
    static TrainingHistory history;

    @TempDir
    Path dir;

    static ColorizerConfig.Builder small() {
        return ColorizerConfig.builder(InputSpec.lightness(16, 16)).widths(8, 16, 16).workingSide(24).optimizer(Optimizer.adam(3e-3).withWeightDecay(ColorizerConfig.DEFAULT_WEIGHT_DECAY)).seed(3);
    }

    @BeforeAll
    static void trainOnce(@TempDir Path photos) throws Exception {
        train = Palette.set(Files.createDirectories(photos.resolve("train")), 12, 40, 48, 1);
        heldOut = Palette.set(Files.createDirectories(photos.resolve("held-out")), 4, 36, 44, 2);
        regression = Colorizer.create(small().build(), train);
        history = regression.train(train, heldOut, Training.builder(4, 7).batchSize(16).build(), new Crops(256, 1, 1.5, true));
    }

    @Test
    void regressionLearnsColourFromLightness() {
        assertEquals(4, history.epochs().size());
        ColorizationScores model = regression.evaluate(heldOut);
        List<Bitmap> gray = heldOut.photos().stream().map(Baselines::gray).toList();
        ColorizationScores baseline = ColorizationScores.of(heldOut.photos(), gray);
        assertTrue(model.psnr() > baseline.psnr() + 1, model + " vs gray " + baseline);
        assertTrue(model.auc() > baseline.auc(), model + " vs gray " + baseline);
        assertTrue(model.colourfulnessRatio() > 0.5, model.toString());
        double psnr = history.epochs().get(history.epochs().size() - 1).metric("psnr");
        assertTrue(Double.isFinite(psnr), "validation psnr " + psnr);
    }

    @Test
    void showsItsLayersActivationsAndTheClassificationHeadsCells() {
        Bitmap photo = Palette.photo(53, 71, 99);
        java.util.Map<String, dev.pigment.models.inspect.FeatureMap> a = regression.activations(photo);
        dev.pigment.models.inspect.FeatureMap input = a.values().iterator().next();
        assertEquals(1, input.channels(), "the L* plane");
        assertTrue(input.height() >= 24 && input.width() >= 24, "at the working size: " + input);
        for (dev.pigment.models.engine.NetworkSummary.LayerInfo l : regression.layers()) {
            assertTrue(a.containsKey(l.name()), l.name());
        }
        assertTrue(regression.layers().stream().anyMatch(l -> l.stride() < 1 || l.kind().contains("Upsampling")
                || l.kind().contains("Deconvolution")), "the decoder upsamples: " + regression.layers());
        assertThrows(IllegalStateException.class, () -> regression.abDistribution(photo, 3, 4));

        Colorizer cells = Colorizer.create(small().head(ColorizerConfig.Head.CLASSIFICATION).build(), train);
        Colorizer.CellDistribution d = cells.abDistribution(photo, 10, 20);
        assertEquals(d.a().length, d.probability().length);
        assertEquals(1.0, java.util.Arrays.stream(d.probability()).sum(), 1e-4);
        assertThrows(IllegalArgumentException.class, () -> cells.abDistribution(photo, 53, 0));
    }

    @Test
    void colorizesAtFullResolutionKeepingLightness() {
        Bitmap photo = Palette.photo(53, 71, 99);
        for (Bitmap input : List.of(photo, photo.toGray())) {
            Bitmap out = regression.colorize(input);
            assertEquals(53, out.height());
            assertEquals(71, out.width());
            assertEquals(3, out.channels());
            float[] l0 = Colorization.lightness(input);
            float[] l1 = Colorization.lightness(out);
            for (int i = 0; i < l0.length; i++) {
                assertEquals(l0[i], l1[i], 1.0, "L* of pixel " + i);
            }
        }
        // batches of one size give what single photos give
        List<Bitmap> both = regression.colorize(List.of(photo, Palette.photo(53, 71, 98)), 2);
        assertEquals(regression.colorize(photo), both.get(0));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> regression.colorize(Palette.photo(12, 40, 1)));
        assertTrue(e.getMessage().contains("too small"), e.getMessage());
    }

    @Test
    void flipAveragingIsMirrorSymmetric() {
        // at the working size (shorter side 24) nothing is resampled, so mirroring commutes exactly
        Bitmap photo = Palette.photo(24, 30, 17);
        Bitmap out = regression.colorize(List.of(photo), 1, TestTimeAugmentation.HORIZONTAL_FLIP).get(0);
        Bitmap mirrored = regression.colorize(List.of(photo.flipHorizontal()), 1,
                TestTimeAugmentation.HORIZONTAL_FLIP).get(0);
        assertEquals(out.flipHorizontal(), mirrored);
        assertTrue(!out.equals(regression.colorize(photo)), "flip averaging changes the prediction");
    }

    @Test
    void testTimeAugmentationIsTheModelsOwnPathAndIsSaved() throws Exception {
        assertEquals(TestTimeAugmentation.NONE, regression.testTimeAugmentation());
        Colorizer flipping = regression.withTestTimeAugmentation(TestTimeAugmentation.HORIZONTAL_FLIP);
        Bitmap photo = Palette.photo(24, 30, 17);
        Bitmap flipped = regression.colorize(List.of(photo), 1, TestTimeAugmentation.HORIZONTAL_FLIP).get(0);
        assertEquals(flipped, flipping.colorize(photo), "colorize uses the model's test-time augmentation");
        assertEquals(flipped, flipping.colorize(List.of(photo), 4).get(0));
        Path file = dir.resolve("flipping.pigment");
        flipping.save(file);
        Colorizer back = Colorizer.load(file);
        assertEquals(TestTimeAugmentation.HORIZONTAL_FLIP, back.testTimeAugmentation());
        assertEquals(flipped, back.colorize(photo));
        assertThrows(IllegalStateException.class, () -> regression.withTemperature(0.5),
                "regression has no temperature");
        IllegalArgumentException smoothing = assertThrows(IllegalArgumentException.class, () -> Colorizer.create(
                small().build(), train).train(train, null, Training.builder(1, 1).labelSmoothing(0.1).build(),
                Crops.of(8)));
        assertTrue(smoothing.getMessage().contains("label smoothing applies to classifiers"), smoothing.getMessage());
    }

    @Test
    void savedModelGivesTheSameColours() throws Exception {
        Path file = dir.resolve("colorizer.pigment");
        regression.save(file);
        Colorizer back = Colorizer.load(file);
        Bitmap photo = Palette.photo(30, 30, 5);
        assertEquals(regression.colorize(photo), back.colorize(photo));
        assertArrayEquals(regression.meanAb(), back.meanAb());
        assertEquals(regression.workingSide(), back.workingSide());
    }

    @Test
    void theWorkingSideIsChosenAndSaved() throws Exception {
        Bitmap photo = Palette.photo(40, 60, 11);
        Colorizer wider = regression.withWorkingSide(40);
        assertEquals(40, wider.workingSide());
        assertEquals(24, regression.workingSide(), "the original is unchanged");
        // at a working side of 40 this photo runs at its own size, so the same network paints it otherwise
        assertEquals(wider.colorize(List.of(photo), 1, TestTimeAugmentation.NONE).get(0), wider.colorize(photo));
        assertTrue(!wider.colorize(photo).equals(regression.colorize(photo)), "another working side, other colours");
        Path file = dir.resolve("side-40.pigment");
        wider.save(file);
        Colorizer back = Colorizer.load(file);
        assertEquals(40, back.workingSide());
        assertEquals(wider.colorize(photo), back.colorize(photo));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> regression.withWorkingSide(4));
        assertTrue(e.getMessage().contains("workingSide must be in 16..4096, got 4"), e.getMessage());
    }

    @Test
    void badModelFilesAreClearErrors() throws Exception {
        Path classifier = dir.resolve("classifier.pigment");
        Classifier.create(ClassifierConfig.small28(3).seed(1).build(), List.of("a", "b", "c")).save(classifier);
        BadInputException e = assertThrows(BadInputException.class, () -> Colorizer.load(classifier));
        assertTrue(e.getMessage().contains("is a classifier model, not a colorizer model"), e.getMessage());
        Path file = dir.resolve("c.pigment");
        regression.save(file);
        byte[] bytes = Files.readAllBytes(file);
        Path truncated = dir.resolve("truncated.pigment");
        Files.write(truncated, Arrays.copyOf(bytes, bytes.length / 2));
        assertThrows(BadInputException.class, () -> Colorizer.load(truncated));
        assertThrows(BadInputException.class, () -> Colorizer.load(dir.resolve("missing.pigment")));
    }

    @Test
    void colorizesAFolderSkippingBadFiles() throws Exception {
        Path in = Files.createDirectories(dir.resolve("in"));
        ImageFiles.write(Palette.photo(30, 40, 1), in.resolve("a.png"));
        ImageFiles.write(Palette.photo(50, 40, 2).toGray(), in.resolve("b.jpg"));
        ImageFiles.write(Palette.photo(8, 8, 3), in.resolve("tiny.png"));
        Files.writeString(in.resolve("broken.jpg"), "not a jpeg");
        Path out = dir.resolve("out");
        Colorizer.FolderResult r = regression.colorizeFolder(in, out, 2, BadFilePolicy.SKIP);
        assertEquals(List.of(out.resolve("a.png"), out.resolve("b.png")), r.written());
        assertEquals(2, r.report().skipped().size(), r.report().toString());
        assertTrue(r.report().toString().contains("tiny.png") && r.report().toString().contains("broken.jpg"));
        Bitmap b = ImageFiles.read(out.resolve("b.png"));
        assertEquals(50, b.height());
        assertEquals(40, b.width());
        assertThrows(BadInputException.class, () -> regression.colorizeFolder(in, out, 2, BadFilePolicy.FAIL));
        Path empty = Files.createDirectories(dir.resolve("empty"));
        BadInputException e = assertThrows(BadInputException.class,
                () -> regression.colorizeFolder(empty, out, 2, BadFilePolicy.SKIP));
        assertTrue(e.getMessage().contains("holds no photos"), e.getMessage());
    }

    @Test
    void folderOutputsMirrorTheTreeAndNeverOverwriteByMistake() throws Exception {
        Path in = Files.createDirectories(dir.resolve("tree"));
        ImageFiles.write(Palette.photo(20, 24, 1), in.resolve("a/x.jpg"));
        ImageFiles.write(Palette.photo(20, 24, 2), in.resolve("b/x.jpg"));
        ImageFiles.write(Palette.photo(20, 24, 3), in.resolve("x.png"));
        ImageFiles.write(Palette.photo(20, 24, 4), in.resolve(".hidden/h.png"));
        Path elsewhere = Files.createDirectories(dir.resolve("elsewhere"));
        ImageFiles.write(Palette.photo(20, 24, 5), elsewhere.resolve("linked.png"));
        Files.createSymbolicLink(in.resolve("link"), elsewhere);                  // a symlinked folder is read
        Files.createSymbolicLink(in.resolve("a/loop"), in);                       // a loop is reported, once
        String longStem = "n".repeat(246);                                         // 250 bytes with ".png"
        ImageFiles.write(Palette.photo(20, 24, 6), in.resolve(longStem + ".png"));
        Path out = dir.resolve("mirror");
        Colorizer.FolderResult r = regression.colorizeFolder(in, out, 2, BadFilePolicy.SKIP);
        assertEquals(List.of(out.resolve("a/x.png"), out.resolve("b/x.png"), out.resolve("link/linked.png"),
                out.resolve(longStem + ".png"), out.resolve("x.png")), r.written().stream().sorted().toList());
        assertEquals(1, r.report().skipped().size(), r.report().toString());
        assertTrue(r.report().skipped().get(0).problem().contains("loop"), r.report().toString());
        assertFalse(Files.exists(out.resolve(".hidden")));
        try (var left = Files.walk(out)) {
            assertFalse(left.anyMatch(dev.pigment.core.AtomicFiles::isTemporary));
        }
        // an output folder inside the input is not read back as input
        Path inside = in.resolve("colour");
        assertEquals(5, regression.colorizeFolder(in, inside, 2, BadFilePolicy.SKIP).written().size());
        assertEquals(5, regression.colorizeFolder(in, inside, 2, BadFilePolicy.SKIP).written().size());
        // the input folder as output, and two inputs with one output, are refused before anything is written
        BadInputException same = assertThrows(BadInputException.class,
                () -> regression.colorizeFolder(in, in.resolve("a/.."), 2, BadFilePolicy.SKIP));
        assertTrue(same.getMessage().contains("is the input folder"), same.getMessage());
        Path alias = Files.createSymbolicLink(dir.resolve("alias"), in);          // the same folder by another name
        assertTrue(assertThrows(BadInputException.class, () -> regression.colorizeFolder(in, alias, 2,
                BadFilePolicy.SKIP)).getMessage().contains("is the input folder"));
        ImageFiles.write(Palette.photo(20, 24, 7), in.resolve("a/x.png"));
        Path fresh = dir.resolve("fresh");
        BadInputException clash = assertThrows(BadInputException.class,
                () -> regression.colorizeFolder(in, fresh, 2, BadFilePolicy.SKIP));
        assertTrue(clash.getMessage().contains("a/x.jpg") && clash.getMessage().contains("a/x.png"),
                clash.getMessage());
        assertFalse(Files.exists(fresh));
    }

    @Test
    void classificationHeadTrainsAndDecodes() throws Exception {
        Colorizer c = Colorizer.create(small().head(ColorizerConfig.Head.CLASSIFICATION).build(), train);
        AbBins bins = ((ColorizerHead.Classification) c.head()).bins();
        assertTrue(bins.size() > 10, bins.toString());
        TrainingHistory h = c.train(train, null, Training.builder(3, 1).batchSize(16).build(),
                new Crops(256, 1, 1.5, true));
        assertEquals(3, h.epochs().size());
        assertTrue(h.epochs().get(2).trainLoss() < h.epochs().get(0).trainLoss(), h.epochs().toString());
        ColorizationScores s = c.evaluate(heldOut);
        ColorizationScores gray = ColorizationScores.of(heldOut.photos(),
                heldOut.photos().stream().map(Baselines::gray).toList());
        assertTrue(s.auc() > gray.auc(), s + " vs gray " + gray);
        // a colder temperature gives more colourful results than the mean (T = 1)
        double warm = c.withTemperature(1.0).evaluate(heldOut).colourfulness();
        double cold = c.withTemperature(0.2).evaluate(heldOut).colourfulness();
        assertTrue(cold > warm, cold + " vs " + warm);
        Path file = dir.resolve("cls.pigment");
        c.save(file);
        Colorizer back = Colorizer.load(file);
        assertEquals(c.head(), back.head(), "cells, temperature and scale come back from the file");
        Bitmap photo = Palette.photo(30, 30, 5);
        assertEquals(c.colorize(photo), back.colorize(photo));
        assertTrue(ColorMetrics.psnr(photo, back.colorize(photo)) > 0);
    }

    @Test
    void ensembleAveragesItsMembersAndSavesAsOneFile() throws Exception {
        Colorizer second = Colorizer.create(small().seed(4).build(), train);
        second.train(train, null, Training.builder(2, 8).batchSize(16).build(),
                new Crops(128, 1, 1.5, true));
        Colorizer both = Colorizer.ensemble(List.of(regression, second));
        assertEquals(2, both.members().size());
        List<Bitmap> images = List.of(Palette.photo(24, 32, 11), Palette.photo(24, 32, 12));
        for (int k = 0; k < images.size(); k++) {
            float[] a = regression.predictAb(images).get(k);
            float[] b = second.predictAb(images).get(k);
            float[] mean = both.predictAb(images).get(k);
            assertTrue(!Arrays.equals(a, b), "the members differ");
            for (int i = 0; i < a.length; i++) {
                assertEquals((a[i] + b[i]) / 2, mean[i], 1e-4, "a*b* value " + i + " of image " + k);
            }
        }
        assertEquals((regression.meanAb()[1] + second.meanAb()[1]) / 2, both.meanAb()[1], 1e-12);

        Path file = dir.resolve("ensemble.pigment");
        both.save(file);
        Colorizer back = Colorizer.load(file);
        assertEquals(2, back.members().size());
        Bitmap photo = Palette.photo(30, 40, 6);
        assertEquals(both.colorize(photo), back.colorize(photo));
        assertTrue(!both.colorize(photo).equals(regression.colorize(photo)));
        // the same archive without its second member is named as incomplete
        Path lacking = dir.resolve("lacking.pigment");
        try (ZipFile in = new ZipFile(file.toFile());
             ZipOutputStream out = new ZipOutputStream(Files.newOutputStream(lacking))) {
            for (ZipEntry entry : java.util.Collections.list(in.entries())) {
                if (!entry.getName().equals("member-2.bin")) {
                    out.putNextEntry(new ZipEntry(entry.getName()));
                    out.write(in.getInputStream(entry).readAllBytes());
                }
            }
        }
        BadInputException missing = assertThrows(BadInputException.class, () -> Colorizer.load(lacking));
        assertTrue(missing.getMessage().contains("lacks member-2.bin of its 2 ensemble members"), missing.getMessage());

        IllegalStateException trained = assertThrows(IllegalStateException.class, () -> both.train(train, null,
                Training.builder(1, 1).build(), Crops.of(8)));
        assertTrue(trained.getMessage().contains("train each member"), trained.getMessage());
        IllegalArgumentException wider = assertThrows(IllegalArgumentException.class, () -> Colorizer.ensemble(
                List.of(regression, Colorizer.create(small().widths(8, 16, 32).build(), train))));
        assertTrue(wider.getMessage().contains("member 2 differs from member 1: layers"), wider.getMessage());
        IllegalArgumentException head = assertThrows(IllegalArgumentException.class, () -> Colorizer.ensemble(
                List.of(regression, Colorizer.create(small().head(ColorizerConfig.Head.CLASSIFICATION).build(),
                        train))));
        assertTrue(head.getMessage().contains("head CLASSIFICATION vs REGRESSION"), head.getMessage());
        IllegalArgumentException loss = assertThrows(IllegalArgumentException.class, () -> Colorizer.ensemble(
                List.of(regression, Colorizer.create(small().loss(ColorizerConfig.Loss.L1).build(), train))));
        assertTrue(loss.getMessage().contains("REGRESSION (L1 loss) vs REGRESSION (L2 loss)"), loss.getMessage());
    }

    @Test
    void trainsEnsembleMembersFromSuccessiveSeeds() throws Exception {
        Path checkpoints = dir.resolve("checkpoints");
        Training options = Training.builder(1, 5).batchSize(16).checkpoints(checkpoints, 1).build();
        Crops crops = new Crops(64, 1, 1.5, true);
        Colorizer.TrainedEnsemble e = Colorizer.trainEnsemble(small().build(), 2, train, heldOut, options, crops);
        assertEquals(2, e.colorizer().members().size());
        assertEquals(2, e.histories().size());
        assertTrue(e.histories().get(1).last().metric("psnr") > 0);
        for (String member : List.of("member-1", "member-2")) {
            assertTrue(Files.isRegularFile(checkpoints.resolve(member).resolve("epoch-001.pigment")), member);
        }
        // member 2 is what a colorizer seeded 4, trained with seed 6, becomes
        Colorizer alone = Colorizer.create(small().seed(4).build(), train);
        alone.train(train, null, Training.builder(1, 6).batchSize(16).build(), crops);
        assertEquals(alone.network().params(), e.colorizer().members().get(1).params());
        assertTrue(!alone.network().params().equals(e.colorizer().members().get(0).params()));
        assertThrows(IllegalArgumentException.class, () -> Colorizer.trainEnsemble(small().build(), 0, train, null,
                options, crops));
    }

    @Test
    void photosSmallerThanACropAreRefused() throws Exception {
        PhotoSet small = Palette.set(Files.createDirectories(dir.resolve("small")), 2, 20, 40, 4);
        Colorizer c = Colorizer.create(ColorizerConfig.builder(InputSpec.lightness(32, 32)).widths(4, 8).seed(1).build(), small);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> c.train(small, null, Training.builder(1, 1).build(), Crops.of(8)));
        assertTrue(e.getMessage().contains("photo-000.png") && e.getMessage().contains("smaller than the 32x32 crop"),
                e.getMessage());
    }
}
