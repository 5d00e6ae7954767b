package dev.pigment.peer;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.pigment.benchmarks.protocol.Protocol;
import org.junit.jupiter.api.Test;

/** The PyTorch peer trains the same workload (offline), so its figures measure real work. */
class PeerMainTest {
    @Test
    void trainsAndRunsTheWorkload() throws Exception {
        Protocol.Measurement r = PeerMain.run(PyTorchCnn.block(), new Protocol.Options(32, 2, 3, 10),
                PeerMain.classification(32));
        assertTrue(r.train() > 0 && r.infer() > 0, r.line());
        assertTrue(r.lastLoss() < r.firstLoss() * 0.5, "loss should fall: " + r.line());
        assertTrue(r.peakRssMb() > 0, r.line());
        assertTrue(r.line().startsWith("RESULT train="), r.line());
    }

    @Test
    void trainsTheClassifierWorkload() throws Exception {
        Protocol.Measurement r = PeerMain.run(PyTorchCnn.classifier(PyTorchCnn.parseStages("8x1:0,16x2:250"),
                java.util.List.of(32), 0.25), new Protocol.Options(32, 2, 3, 10), PeerMain.classification(32));
        assertTrue(r.lastLoss() < r.firstLoss(), "loss should fall: " + r.line());
    }

    /**
     * The side-by-side benchmark's own U-Net (four levels, 16 to 128 filters). A smaller one (4,8,8 or 8,16,16) trains
     * to NaN on a 2-vCPU AMD EPYC VM whose CPUID leaf 0x8000001D (cache sizes) reads all zeros: oneDNN 3.7.1 inside
     * libtorch 2.7.1 then takes every cache for 1 byte, and its weight reorder for the backward pass zeroes the wrong
     * bytes when a convolution's channels are not a multiple of 16 (wrong input gradients with one thread, NaN with
     * two). Convolutions of 16 to 128 channels, as here, are not affected.
     */
    @Test
    void trainsTheColorizerWorkload() throws Exception {
        Protocol.Measurement r = PeerMain.run(new PyTorchUNet(PyTorchUNet.parseWidths("16,32,64,128")),
                new Protocol.Options(4, 2, 3, 10), PeerMain.colorization(4));
        assertTrue(r.train() > 0 && r.infer() > 0, r.line());
        assertTrue(r.lastLoss() < r.firstLoss(), "loss should fall: " + r.line());
    }
}
