package dev.pigment.benchmarks;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.pigment.benchmarks.protocol.Protocol;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.dataset.DataSet;

/** The colorizer workload of the side-by-side benchmark: pigment's default U-Net, described alike to the peer. */
class ColorizerWorkloadTest {
    @Test
    void pigmentTrainsTheDefaultColorizer() {
        Network net = EngineVariant.PIGMENT.create(Workload.COLORIZER, 42);
        DataSet data = Workload.COLORIZER.batch(4, EngineVariant.PIGMENT.format, 7);
        assertArrayEquals(new long[] {4, 64, 64, 1}, data.getFeatures().shape());
        assertArrayEquals(new long[] {4, 64, 64, 2}, data.getLabels().shape());
        // the rule: a = x / 2, b = -x / 4
        assertEquals(data.getFeatures().getFloat(0, 3, 5, 0) / 2, data.getLabels().getFloat(0, 3, 5, 0), 1e-7);
        assertEquals(-data.getFeatures().getFloat(1, 7, 2, 0) / 4, data.getLabels().getFloat(1, 7, 2, 1), 1e-7);
        double before = net.score(data);
        for (int i = 0; i < 15; i++) {
            net.fit(data);
        }
        assertTrue(net.score(data) < before * 0.9, "loss " + before + " -> " + net.score(data));
        assertArrayEquals(new long[] {4, 64, 64, 2}, net.output(data.getFeatures()).shape());
        assertThrows(IllegalArgumentException.class, () -> EngineVariant.DL4J.create(Workload.COLORIZER, 1));
        assertEquals(Workload.colorizer(0).forwardFlops(Workload.colorizerHead()),
                EngineVariant.forwardFlops(Workload.COLORIZER));
    }

    @Test
    void thePeerIsToldTheSameWidths() {
        assertEquals(List.of("--unet", "16,32,64,128"), SideBySide.peerArgs(Workload.COLORIZER));
        assertEquals(List.of(16, 32, 64, 128), Workload.colorizer(0).widths());
    }

    @Test
    void aSideThatTrainsToNanGivesNoFigure() {
        Protocol.Measurement nan = new Protocol.Measurement(100, 400, 0.6, Double.NaN, 250);
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> SideBySide.requireFinite("pytorch", nan));
        assertTrue(e.getMessage().startsWith("pytorch trained to a non-finite loss"), e.getMessage());
        Protocol.Measurement fine = new Protocol.Measurement(100, 400, 0.6, 0.1, 250);
        assertSame(fine, SideBySide.requireFinite("pytorch", fine));
    }
}
