package dev.pigment.models.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.pigment.core.ColorSpace;
import dev.pigment.core.InputSpec;
import dev.pigment.core.Normalization;
import dev.pigment.core.dataset.ClassificationIterator;
import dev.pigment.core.image.Bitmap;
import dev.pigment.core.source.LabelledImages;
import dev.pigment.models.classifier.ClassifierConfig;
import dev.pigment.models.classifier.Stage;
import dev.pigment.models.train.Optimizer;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.atomic.AtomicLong;
import org.deeplearning4j.nn.conf.CNN2DFormat;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.junit.jupiter.api.Test;

/** A schedule fitted to a time budget, run against a clock that advances a fixed step per reading. */
class TrainingLoopBudgetTest {
    static final InputSpec SPEC = new InputSpec(8, 8, ColorSpace.GRAY, Normalization.UNIT, CNN2DFormat.NHWC);

    static LabelledImages noise(int n) {
        Random r = new Random(3);
        List<Bitmap> images = new ArrayList<>();
        int[] labels = new int[n];
        for (int i = 0; i < n; i++) {
            byte[] px = new byte[64];
            r.nextBytes(px);
            images.add(Bitmap.of(8, 8, 1, px));
            labels[i] = i % 2;
        }
        return new LabelledImages(images, labels, List.of("a", "b"));
    }

    @Test
    void theCosineCompletesWhenTheBudgetIsSpentWhateverTheSpeed() throws Exception {
        LabelledImages data = noise(64);
        double peak = 1e-2;
        long[] seen = new long[2];
        long[] speeds = {5, 20};
        for (int k = 0; k < 2; k++) {
            long msPerReading = speeds[k];
            ComputationGraph net = new ComputationGraph(ClassifierConfig.builder(SPEC, 2).stage(Stage.of(4, 1))
                    .globalPooling(true).optimizer(Optimizer.adam(peak)).seed(1).build().graph());
            net.init();
            AtomicLong now = new AtomicLong();
            // the loop reads the clock about once per batch; validation costs 10 readings
            TrainingLoop.Validator validator = () -> {
                now.addAndGet(10 * msPerReading * 1_000_000L);
                return Map.of("accuracy", 0.5);
            };
            Training options = Training.builder(1000, 1).batchSize(8).warmupEpochs(1)
                    .maxSeconds(10).scheduleToBudget(true).restoreBest(false).build();
            TrainingHistory h = TrainingLoop.run(net, ClassificationIterator.builder(data, SPEC).batchSize(8)
                            .shuffle(true).seed(1).build(), validator, new TrainingLoop.Monitor("accuracy", true),
                    options, null, () -> now.addAndGet(msPerReading * 1_000_000L));
            assertEquals(TrainingHistory.StopReason.COMPLETED, h.stopReason(), "at " + msPerReading + " ms");
            assertEquals(peak * Training.FINAL_FRACTION, h.last().learningRate(), 1e-12);
            // 98% of the budget planned, plus the last validation (10 readings)
            assertTrue(h.seconds() > 9.5 && h.seconds() < 10 + 0.25, "ended near the budget: " + h.seconds());
            seen[k] = h.epochs().stream().mapToLong(EpochStats::images).sum();
            assertTrue(h.epochs().size() > 1);
        }
        // four times the speed, four times the images (6,000 and 1,520 when written), each run fully annealed
        double ratio = seen[0] / (double) seen[1];
        assertTrue(ratio > 3.8 && ratio < 4.2, seen[0] + " vs " + seen[1]);
    }
}
