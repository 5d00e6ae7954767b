package dev.pigment.cli.job;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.pigment.models.train.EpochStats;
import dev.pigment.models.train.TrainingHistory;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PlotsTest {
    @TempDir
    Path dir;

    private static TrainingHistory history() {
        List<EpochStats> epochs = new ArrayList<>();
        for (int e = 1; e <= 5; e++) {
            epochs.add(new EpochStats(e, 1.0 / e, Map.of("loss", 1.2 / e, "accuracy", 0.5 + 0.08 * e,
                    "train_accuracy", 0.52 + 0.09 * e), 1e-3, 10, 10.0 * e, 1000));
        }
        return new TrainingHistory(epochs, 5, TrainingHistory.StopReason.COMPLETED);
    }

    @Test
    void drawsCurvesAndConfusionMatrixAsPng() throws Exception {
        Path curves = dir.resolve("plots/curves.png");
        Plots.trainingCurves(history(), "stripes", curves);
        Path confusion = dir.resolve("plots/confusion.png");
        Plots.confusionMatrix(new int[][] {{40, 2, 1}, {3, 35, 5}, {0, 4, 44}}, List.of("a", "b", "c"), "stripes",
                confusion);
        for (Path png : List.of(curves, confusion)) {
            BufferedImage img = ImageIO.read(png.toFile());
            assertTrue(img.getWidth() >= 480 && img.getHeight() >= 400, png + " " + img.getWidth());
            Set<Integer> colours = new HashSet<>();
            for (int y = 0; y < img.getHeight(); y += 4) {
                for (int x = 0; x < img.getWidth(); x += 4) {
                    colours.add(img.getRGB(x, y));
                }
            }
            assertTrue(colours.size() > 10, png + " has " + colours.size() + " colours");
        }
        assertTrue(Files.size(curves) > 5000);
        try (var left = Files.list(dir.resolve("plots"))) {
            assertFalse(left.anyMatch(dev.pigment.core.AtomicFiles::isTemporary), "no temporary file is left");
        }
    }

    @Test
    void refusesAnEmptyHistory() {
        TrainingHistory empty = new TrainingHistory(List.of(), 0, TrainingHistory.StopReason.COMPLETED);
        assertThrows(IllegalArgumentException.class,
                () -> Plots.trainingCurves(empty, "none", dir.resolve("x.png")));
    }
}
