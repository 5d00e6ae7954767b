package dev.pigment.models.classifier;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.pigment.core.AtomicFiles;
import dev.pigment.core.source.LabelledImages;
import dev.pigment.models.train.Optimizer;
import dev.pigment.models.train.ProgressListener;
import dev.pigment.models.train.Training;
import java.io.DataInputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Training survives a SIGKILL: started again with resume, it ends with the uninterrupted run's weights. */
class KilledTrainingTest {
    @TempDir
    Path dir;

    private static String runToEnd(String mode, Path checkpoints, Path weights) throws Exception {
        return ChildJvm.start(ResumeChild.class, List.of(), mode, checkpoints.toString(), weights.toString())
                .finish("DONE");
    }

    private static float[] weights(Path file) throws IOException {
        try (DataInputStream in = new DataInputStream(Files.newInputStream(file))) {
            float[] w = new float[in.readInt()];
            for (int i = 0; i < w.length; i++) {
                w[i] = in.readFloat();
            }
            return w;
        }
    }

    @Test
    void aRunKilledAndResumedEndsWithTheUninterruptedWeights() throws Exception {
        Path whole = dir.resolve("whole.bin");
        String uninterrupted = runToEnd("full", dir.resolve("full"), whole);

        Path checkpoints = dir.resolve("killed");
        ChildJvm killed = ChildJvm.start(ResumeChild.class, List.of(), "kill", checkpoints.toString(),
                dir.resolve("never.bin").toString());
        killed.await("READY");                                     // in the middle of epoch 4
        killed.kill();                                             // SIGKILL
        try (Stream<Path> s = Files.list(checkpoints)) {
            assertEquals(List.of("epoch-002.pigment", "epoch-002.state", "epoch-003.pigment", "epoch-003.state"),
                    s.map(f -> f.getFileName().toString()).sorted().toList(), "the newest two are kept");
        }
        Path stale = Files.writeString(checkpoints.resolve(".pigment-stale.tmp"), "a write the kill cut short");
        Classifier.load(checkpoints.resolve("epoch-003.pigment"));  // a checkpoint is a model that loads

        Path resumedWeights = dir.resolve("resumed.bin");
        String resumed = runToEnd("resume", checkpoints, resumedWeights);
        assertEquals(uninterrupted, resumed, "the same epochs and best epoch");
        assertTrue(uninterrupted.startsWith("DONE epochs " + ResumeChild.EPOCHS), uninterrupted);
        assertArrayEquals(weights(whole), weights(resumedWeights), "bit for bit the uninterrupted run's weights");
        assertFalse(Files.exists(stale), "stale temporary files are removed");
        try (Stream<Path> s = Files.list(checkpoints)) {
            assertFalse(s.anyMatch(AtomicFiles::isTemporary));
        }
    }

    @Test
    void aDivergingRunStopsNamingWhereAndKeepsTheLastGoodCheckpoint() throws Exception {
        List<String> classes = List.of("horizontal", "vertical", "diagonal");
        LabelledImages train = Stripes.set(classes, 16, 5);
        Classifier c = Classifier.create(Stripes.config(3).optimizer(Optimizer.adam(1e-3)).build(), train);
        Path checkpoints = dir.resolve("diverging");
        byte[][] good = new byte[1][];
        // in epoch 2 the learning rate jumps to 1e30: the next updates overflow
        ProgressListener blowUp = new ProgressListener() {
            @Override
            public void batchDone(int epoch, int batch, int batches, double loss) {
                if (epoch == 2 && batch == 1) {
                    try {
                        good[0] = Files.readAllBytes(checkpoints.resolve("epoch-001.pigment"));
                    } catch (IOException e) {
                        throw new java.io.UncheckedIOException(e);
                    }
                    c.network().setLearningRate(1e30);
                }
            }
        };
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> c.train(train, null,
                Training.builder(3, 1).batchSize(8).checkpoints(checkpoints, 1).progress(blowUp).build()));
        assertTrue(e.getMessage().matches("training diverged: .* in epoch 2, batch \\d+ \\(iteration \\d+\\).*"),
                e.getMessage());
        assertTrue(e.getMessage().contains(checkpoints.toString()), e.getMessage());
        assertArrayEquals(good[0], Files.readAllBytes(checkpoints.resolve("epoch-001.pigment")),
                "the last good checkpoint stays");
        assertFalse(Files.exists(checkpoints.resolve("epoch-002.pigment")), "no checkpoint of the diverged epoch");
        Classifier.load(checkpoints.resolve("epoch-001.pigment"));   // and loads (finite weights)
    }
}
