package dev.pigment.benchmarks;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.pigment.models.classifier.Stage;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.dataset.DataSet;

/** The classifier workload of the side-by-side benchmark: pigment's default model, described alike to the peer. */
class ClassifierWorkloadTest {
    @Test
    void pigmentTrainsTheDefaultClassifier() {
        Network net = EngineVariant.PIGMENT.create(Workload.FASHION_CLASSIFIER, 42);
        DataSet data = Workload.FASHION_CLASSIFIER.batch(32, EngineVariant.PIGMENT.format, 7);
        double before = net.score(data);
        for (int i = 0; i < 30; i++) {
            net.fit(data);
        }
        assertTrue(net.score(data) < before * 0.5, "loss " + before + " -> " + net.score(data));
        assertThrows(IllegalArgumentException.class, () -> EngineVariant.DL4J.create(Workload.FASHION_CLASSIFIER, 1));
        assertEquals(Workload.classifier(0).forwardFlops(), EngineVariant.forwardFlops(Workload.FASHION_CLASSIFIER));
    }

    @Test
    void thePeerIsToldTheSameArchitecture() {
        List<String> args = SideBySide.peerArgs(Workload.FASHION_CLASSIFIER);
        StringBuilder stages = new StringBuilder();
        for (Stage s : Workload.classifier(0).stages()) {
            stages.append(stages.length() == 0 ? "" : ",").append(s.filters()).append('x').append(s.convolutions())
                    .append(':').append(Math.round(s.dropout() * 1000));
        }
        assertEquals(List.of("--stages", stages.toString(), "--hidden",
                String.join(",", Workload.classifier(0).hidden().stream().map(String::valueOf).toList()),
                "--head-dropout", String.valueOf(Workload.classifier(0).headDropout())), args);
        assertEquals(List.of(), SideBySide.peerArgs(Workload.SMALL_CNN));
    }
}
