package dev.pigment.models.engine;

import java.util.Map;
import java.util.TreeMap;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/** What the layer tests that compare a pigment layer with DL4J's in a small graph share. */
final class LayerChecks {
    private LayerChecks() {
    }

    /** Values uniform in [-1, 1) from {@code seed}; ND4J's generator is left alone. */
    static INDArray random(long seed, long... shape) {
        java.util.Random r = new java.util.Random(seed);
        INDArray a = Nd4j.create(DataType.FLOAT, shape);
        for (long i = 0; i < a.length(); i++) {
            a.putScalar(i, r.nextFloat() * 2 - 1);
        }
        return a;
    }

    /** {@code a}'s values in c order. */
    static float[] values(INDArray a) {
        return a.dup('c').data().asFloat();
    }

    /** Every parameter gradient of one backward pass of {@code net} on {@code x} and {@code y}, copied. */
    static Map<String, INDArray> gradients(ComputationGraph net, INDArray x, INDArray y) {
        net.setInputs(x);
        net.setLabels(y);
        net.computeGradientAndScore();
        Map<String, INDArray> copy = new TreeMap<>();
        net.gradient().gradientForVariable().forEach((k, v) -> copy.put(k, v.dup()));
        return copy;
    }
}
