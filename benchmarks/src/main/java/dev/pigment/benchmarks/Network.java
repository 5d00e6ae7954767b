package dev.pigment.benchmarks;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;

/** A trainable model as a benchmark drives it, whatever DL4J API is behind it. */
interface Network {
    /** One training step on a batch. */
    void fit(DataSet batch);

    /** Class probabilities for a batch. */
    INDArray output(INDArray features);

    /** The current loss on a batch. */
    double score(DataSet batch);
}
