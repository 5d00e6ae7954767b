package org.nd4j.nativeblas;

/**
 * Benchmark-only shim that lets DL4J 1.0.0-M2.1's stock layers use their oneDNN helpers, so that the engine
 * comparison measures those layers at their best. M2.1's {@code BaseMKLDNNHelper.mklDnnEnabled()} looks up
 * {@code org.nd4j.nativeblas.Nd4jCpu$Environment.isUseMKLDNN()} by reflection, but M2.1 moved that class to
 * {@code org.nd4j.linalg.cpu.nativecpu.bindings.Nd4jCpu} and renamed the method {@code isUseONEDNN}; the lookup fails
 * and every helper is dropped. This class answers the old lookup from the new one. It is not part of pigment's
 * library: pigment's own layers call the native ops directly and need no helper.
 */
public final class Nd4jCpu {
    private Nd4jCpu() {
    }

    /** Answers {@code getInstance().isUseMKLDNN()} as M2.1's helpers ask it. */
    public static final class Environment {
        private static final Environment INSTANCE = new Environment();

        private Environment() {
        }

        public static Environment getInstance() {
            return INSTANCE;
        }

        public boolean isUseMKLDNN() {
            return dev.pigment.models.engine.Engine.hasOneDnn();
        }
    }
}
