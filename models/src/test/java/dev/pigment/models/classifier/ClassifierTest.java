package dev.pigment.models.classifier;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.pigment.core.BadFilePolicy;
import dev.pigment.core.BadInputException;
import dev.pigment.core.augment.Augmentation;
import dev.pigment.core.image.Bitmap;
import dev.pigment.core.image.ImageFiles;
import dev.pigment.core.metrics.ClassificationScores;
import dev.pigment.core.source.LabelledImages;
import dev.pigment.models.TestTimeAugmentation;
import dev.pigment.models.io.ModelFile;
import dev.pigment.models.train.Optimizer;
import dev.pigment.models.train.Training;
import dev.pigment.models.train.TrainingHistory;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.Random;
import java.util.stream.Stream;
import org.deeplearning4j.nn.api.Model;
import org.deeplearning4j.optimize.api.BaseTrainingListener;
import org.deeplearning4j.util.ModelSerializer;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.ndarray.INDArray;

/** Training, evaluation, inference, save/load and fine-tuning of a small classifier on generated stripes. */
class ClassifierTest {
    static final List<String> CLASSES = List.of("horizontal", "vertical", "diagonal");

    static LabelledImages train;
    static LabelledImages validation;
    static Classifier trained;
    static TrainingHistory history;

    @TempDir
    Path dir;

    @BeforeAll
    static void trainOnce(@TempDir Path checkpoints) throws Exception {
        train = Stripes.set(CLASSES, 100, 1);
        validation = Stripes.set(CLASSES, 30, 2);
        trained = Classifier.create(Stripes.config(3).optimizer(Optimizer.adam(5e-3)).build(), CLASSES);
        history = trained.train(train, validation, Training.builder(6, 5).batchSize(32).warmupEpochs(0.5)
                .checkpoints(checkpoints, 3).build(), Augmentation.horizontalFlip(0.5));
        try (Stream<Path> s = Files.list(checkpoints)) {
            assertEquals(List.of("epoch-003.pigment", "epoch-003.state", "epoch-006.pigment", "epoch-006.state"),
                    s.map(p -> p.getFileName().toString()).sorted().toList());
        }
        // a checkpoint is a complete model file, updater state included
        Classifier checkpoint = Classifier.load(checkpoints.resolve("epoch-003.pigment"));
        assertEquals(CLASSES, checkpoint.classNames());
        assertTrue(checkpoint.network().getUpdater().getStateViewArray().length() > 0);
    }

    @Test
    void learnsAndReportsEveryEpoch() {
        assertEquals(6, history.epochs().size());
        assertEquals(TrainingHistory.StopReason.COMPLETED, history.stopReason());
        assertTrue(history.best().metric("accuracy") >= 0.95, history.toString());
        assertTrue(history.last().trainLoss() < history.epochs().get(0).trainLoss(), history.toString());
        ClassificationScores e = trained.evaluate(validation, 2);
        assertEquals(history.best().metric("accuracy"), e.accuracy(), 1e-9);
        assertEquals(90, e.total());
        int[][] m = e.confusionMatrix();
        int diagonal = m[0][0] + m[1][1] + m[2][2];
        assertEquals(e.accuracy(), diagonal / 90.0, 1e-9);
        assertTrue(e.topKAccuracy() >= e.accuracy());
        assertEquals(1.0, trained.evaluate(validation, 3).topKAccuracy(), 1e-9);
        assertTrue(e.report().contains("vertical"));
    }

    @Test
    void trainingIsDeterministicGivenTheSeeds() throws Exception {
        INDArray[] params = new INDArray[2];
        for (int run = 0; run < 2; run++) {
            Classifier c = Classifier.create(Stripes.config(3).headDropout(0.2).build(), CLASSES);
            c.train(train, null, Training.builder(1, 9).batchSize(32).build(), Augmentation.horizontalFlip(0.5));
            params[run] = c.network().params().dup();
        }
        assertEquals(params[0], params[1]);
    }

    @Test
    void weightAveragingEndsWithTheMovingAverageOfTheWeights() throws Exception {
        Classifier c = Classifier.create(Stripes.config(3).build(), CLASSES);
        INDArray expected = c.network().params().dup();
        List<INDArray> live = new ArrayList<>();
        double decay = 0.8;
        // DL4J calls iterationDone after each update: the live weights the average follows
        TrainingHistory h = c.train(train, validation, Training.builder(2, 3).batchSize(32).averaging(decay)
                .restoreBest(false).listener(new BaseTrainingListener() {
                    @Override
                    public void iterationDone(Model model, int iteration, int epoch) {
                        live.add(model.params().dup());
                    }
                }).build());
        assertEquals(2 * 10, live.size(), "300 images in batches of 32, two epochs");
        for (INDArray p : live) {
            expected.muli(decay).addi(p.mul(1 - decay));
        }
        INDArray result = c.network().params();
        assertTrue(expected.sub(result).amaxNumber().doubleValue() < 1e-5, "the network ends with the average");
        assertTrue(live.get(live.size() - 1).sub(result).amaxNumber().doubleValue() > 1e-3,
                "the average differs from the live weights");
        // the last epoch was validated with the average
        assertEquals(h.last().metric("accuracy"), c.evaluate(validation, 2).accuracy(), 1e-9);
        assertThrows(IllegalArgumentException.class, () -> Training.builder(1, 1).averaging(1).build());
    }

    @Test
    void earlyStoppingAndTimeBudgetStopTraining() throws Exception {
        Classifier c = Classifier.create(Stripes.config(3).optimizer(Optimizer.adam(1e-7)).build(), CLASSES);
        // a learning rate this small cannot improve validation accuracy for long
        TrainingHistory h = c.train(train, validation, Training.builder(30, 1).batchSize(32)
                .schedule(Training.Schedule.CONSTANT).patience(2).build());
        assertEquals(TrainingHistory.StopReason.NO_IMPROVEMENT, h.stopReason());
        assertTrue(h.epochs().size() < 30);
        assertEquals(h.epochs().size() - 2, h.bestEpoch());

        TrainingHistory timed = Classifier.create(Stripes.config(3).build(), CLASSES)
                .train(train, null, Training.builder(1000, 1).batchSize(8).maxSeconds(1).build());
        assertEquals(TrainingHistory.StopReason.TIME_BUDGET, timed.stopReason());
        assertTrue(timed.epochs().size() < 1000);
        double lastEpoch = timed.last().seconds();
        assertTrue(timed.seconds() < 1 + lastEpoch + 0.5, "stopped within the epoch that ran out of time");
    }

    @Test
    void anImageLimitEndsTheScheduleThere() throws Exception {
        double peak = 5e-3;
        TrainingHistory limited = Classifier.create(Stripes.config(3).optimizer(Optimizer.adam(peak)).build(), CLASSES)
                .train(train, null, Training.builder(50, 1).batchSize(32).maxImages(450).build());
        // 300 images per epoch in batches of 32: one epoch, then 5 batches (160 images) to pass 450
        assertEquals(2, limited.epochs().size());
        assertEquals(300 + 160, limited.epochs().stream().mapToLong(e -> e.images()).sum());
        assertEquals(peak * Training.FINAL_FRACTION, limited.last().learningRate(), 1e-12,
                "the schedule completes at the image limit");
    }

    @Test
    void theModelsTestTimeAugmentationIsItsPredictionPath() throws Exception {
        Classifier flipping = trained.withTestTimeAugmentation(TestTimeAugmentation.HORIZONTAL_FLIP);
        Bitmap image = validation.image(7);
        Prediction explicit = trained.classify(List.of(image), TestTimeAugmentation.HORIZONTAL_FLIP).get(0);
        assertEquals(explicit.probability(), flipping.classify(image).probability(), 1e-7);
        assertEquals(TestTimeAugmentation.NONE, trained.testTimeAugmentation());
        assertEquals(trained.evaluate(validation, 1, 32, TestTimeAugmentation.HORIZONTAL_FLIP).accuracy(),
                flipping.evaluate(validation, 1).accuracy(), 1e-12);
        Path file = dir.resolve("flipping.pigment");
        flipping.save(file);
        Classifier back = Classifier.load(file);
        assertEquals(TestTimeAugmentation.HORIZONTAL_FLIP, back.testTimeAugmentation());
        assertEquals(explicit.probability(), back.classify(image).probability(), 1e-6);
    }

    @Test
    void flipAveragingAveragesTheImageAndItsMirror() {
        Bitmap image = validation.image(5);
        Prediction plain = trained.classify(image);
        Prediction mirror = trained.classify(image.flipHorizontal());
        Prediction both = trained.classify(List.of(image), TestTimeAugmentation.HORIZONTAL_FLIP).get(0);
        for (Prediction.Scored s : both.ranking()) {
            double expected = (prob(plain, s.label()) + prob(mirror, s.label())) / 2;
            assertEquals(expected, s.probability(), 1e-5, s.label());
        }
        ClassificationScores e = trained.evaluate(validation, 1, 32, TestTimeAugmentation.HORIZONTAL_FLIP);
        assertEquals(90, e.total());
    }

    private static double prob(Prediction p, String label) {
        return p.ranking().stream().filter(s -> s.label().equals(label)).findFirst().orElseThrow().probability();
    }

    @Test
    void savesAndLoadsTheSamePredictionsAtomically() throws Exception {
        Path file = dir.resolve("model.pigment");
        trained.save(file);
        Classifier back = Classifier.load(file);
        assertEquals(CLASSES, back.classNames());
        assertEquals(trained.input(), back.input());
        assertEquals(trained.featuresVertex(), back.featuresVertex());
        for (int i = 0; i < validation.size(); i += 7) {
            Prediction p = trained.classify(validation.image(i));
            Prediction q = back.classify(validation.image(i));
            assertEquals(p, q);
        }
        try (Stream<Path> s = Files.list(dir)) {
            assertEquals(List.of(file), s.toList(), "no temporary files are left");
        }
        // DL4J reads the network part of the same file
        assertEquals(trained.network().numParams(),
                ModelSerializer.restoreComputationGraph(file.toFile(), false).numParams());
    }

    @Test
    void badModelFilesAreNamed() throws Exception {
        Path good = dir.resolve("good.pigment");
        trained.save(good);
        byte[] bytes = Files.readAllBytes(good);

        Path truncated = dir.resolve("truncated.pigment");
        Files.write(truncated, java.util.Arrays.copyOf(bytes, bytes.length / 2));
        BadInputException e = assertThrows(BadInputException.class, () -> Classifier.load(truncated));
        assertEquals(truncated, e.file());
        assertTrue(e.problem().contains("truncated or corrupt"), e.getMessage());

        Path text = dir.resolve("notes.txt");
        Files.writeString(text, "not a model");
        assertTrue(assertThrows(BadInputException.class, () -> Classifier.load(text)).problem()
                .contains("not a pigment model file"));

        Path dl4j = dir.resolve("plain.zip");
        ModelSerializer.writeModel(trained.network(), dl4j.toFile(), false);
        assertTrue(assertThrows(BadInputException.class, () -> Classifier.load(dl4j)).problem()
                .contains("plain DL4J model"));

        Path colorizer = dir.resolve("colorizer.pigment");
        ModelFile.write(colorizer, "colorizer", trained.input(), new Properties(), trained.network(), false);
        assertTrue(assertThrows(BadInputException.class, () -> Classifier.load(colorizer)).problem()
                .contains("is a colorizer model, not a classifier model"));

        assertTrue(assertThrows(BadInputException.class, () -> Classifier.load(dir.resolve("missing.pigment")))
                .problem().contains("no such model file"));
    }

    @Test
    void dataThatDisagreesWithTheModelIsRejected() {
        Classifier c = Classifier.create(Stripes.config(3).build(), CLASSES);
        Training t = Training.builder(1, 1).build();
        LabelledImages four = Stripes.set(List.of("a", "b", "c", "d"), 2, 3);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> c.train(four, null, t));
        assertTrue(e.getMessage().contains("has 4 classes [a, b, c, d] but the model has 3"), e.getMessage());
        LabelledImages renamed = Stripes.set(List.of("vertical", "horizontal", "diagonal"), 2, 3);
        assertTrue(assertThrows(IllegalArgumentException.class, () -> c.train(renamed, null, t)).getMessage()
                .contains("names and order must match"));
        assertTrue(assertThrows(IllegalArgumentException.class,
                () -> Classifier.create(Stripes.config(3).build(), List.of("a", "b"))).getMessage()
                .contains("3 classes but 2 class names"));
        assertTrue(assertThrows(IllegalArgumentException.class,
                () -> Classifier.create(Stripes.config(2).build(), List.of("only"))).getMessage()
                .contains("at least 2 classes"));
        // from the training data, as the colorizer is made from its photos: its classes, in its order
        assertEquals(four.classNames(), Classifier.create(Stripes.config(4).build(), four).classNames());
        assertTrue(assertThrows(IllegalArgumentException.class,
                () -> Classifier.create(Stripes.config(3).build(), four)).getMessage()
                .contains("3 classes but 4 class names"));
    }

    @Test
    void classifiesImagesFilesAndFolders() throws Exception {
        Random r = new Random(4);
        Path folder = dir.resolve("new");
        Files.createDirectories(folder);
        for (int i = 0; i < 5; i++) {
            // larger colour images: inference converts them to the model's 16x16 gray input
            ImageFiles.write(Stripes.image(i % 2, 32, 3, r), folder.resolve("img" + i + ".png"));
        }
        Files.write(folder.resolve("broken.png"), new byte[] {(byte) 0x89, 'P', 'N', 'G', 0, 1, 2});
        Classifier.FolderPredictions all = trained.classifyFolder(folder, 2, BadFilePolicy.SKIP);
        assertEquals(5, all.predictions().size());
        assertEquals(1, all.report().skipped().size());
        assertEquals(folder.resolve("broken.png"), all.report().skipped().get(0).file());
        int right = 0;
        for (Classifier.FilePrediction p : all.predictions()) {
            int index = Integer.parseInt(p.file().getFileName().toString().replaceAll("\\D", ""));
            right += CLASSES.get(index % 2).equals(p.prediction().label()) ? 1 : 0;
            double sum = p.prediction().ranking().stream().mapToDouble(Prediction.Scored::probability).sum();
            assertEquals(1.0, sum, 1e-4);
        }
        assertTrue(right >= 4, all.predictions().toString());
        BadInputException e = assertThrows(BadInputException.class,
                () -> trained.classifyFolder(folder, 2, BadFilePolicy.FAIL));
        assertEquals(folder.resolve("broken.png"), e.file());

        Path empty = Files.createDirectories(dir.resolve("empty"));
        assertTrue(assertThrows(BadInputException.class, () -> trained.classifyFolder(empty, 2, BadFilePolicy.SKIP))
                .problem().contains("holds no image files"));

        BufferedImage awt = Stripes.image(1, 16, 3, r).toBufferedImage();
        assertEquals(trained.classify(Bitmap.fromBufferedImage(awt)), trained.classify(awt));
        assertEquals(all.predictions().get(0).prediction(), trained.classify(folder.resolve("img0.png")));
    }

    @Test
    void fineTunesOnNewClassesWithFrozenFeatures() throws Exception {
        List<String> newClasses = List.of("upright", "slanted");
        LabelledImages newTrain = Stripes.set(newClasses, 1, 60, 7);
        Classifier tuned = trained.fineTune(FineTuning.of(newClasses, 3).withOptimizer(Optimizer.adam(1e-2)));
        INDArray frozenBefore = tuned.network().getLayer("s1_conv1").params().dup();
        INDArray originalOutput = trained.network().getLayer(ClassifierConfig.OUTPUT).params().dup();
        LabelledImages newVal = Stripes.set(newClasses, 1, 20, 8);
        TrainingHistory h = tuned.train(newTrain, newVal, Training.builder(4, 2).batchSize(16).build());
        assertEquals(newClasses, tuned.classNames());
        assertEquals(frozenBefore, tuned.network().getLayer("s1_conv1").params(), "features stay frozen");
        assertEquals(originalOutput, trained.network().getLayer(ClassifierConfig.OUTPUT).params(),
                "the source classifier is unchanged");
        assertTrue(h.best().metric("accuracy") >= 0.8, h.toString());

        Path file = dir.resolve("tuned.pigment");
        tuned.save(file);
        Classifier back = Classifier.load(file);
        assertEquals(newClasses, back.classNames());
        assertEquals(tuned.classify(newVal.image(0)), back.classify(newVal.image(0)));
    }
}
