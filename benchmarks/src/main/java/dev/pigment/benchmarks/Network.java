package dev.pigment.benchmarks;

import java.util.function.ToDoubleFunction;
import java.util.function.UnaryOperator;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;

/** A trainable model as a benchmark drives it, whatever DL4J API is behind it. */
interface Network {
    /** One training step on a batch; returns its loss, as the step's own forward pass computed it. */
    double fit(DataSet batch);

    /** Class probabilities for a batch. */
    INDArray output(INDArray features);

    /** The current loss on a batch. */
    double score(DataSet batch);

    /** A network from its three operations. */
    static Network of(ToDoubleFunction<DataSet> fit, UnaryOperator<INDArray> output, ToDoubleFunction<DataSet> score) {
        return new Network() {
            @Override
            public double fit(DataSet batch) {
                return fit.applyAsDouble(batch);
            }

            @Override
            public INDArray output(INDArray features) {
                return output.apply(features);
            }

            @Override
            public double score(DataSet batch) {
                return score.applyAsDouble(batch);
            }
        };
    }
}
