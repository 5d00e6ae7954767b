package dev.pigment.models.engine;

import org.deeplearning4j.nn.conf.CNN2DFormat;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.layers.convolution.CnnLossLayer;
import org.deeplearning4j.nn.workspace.ArrayType;
import org.deeplearning4j.nn.workspace.LayerWorkspaceMgr;
import org.deeplearning4j.util.ConvolutionUtils;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/** The layer of {@link PixelLoss}: DL4J's per-pixel loss layer with the score computed in the configured layout. */
public class PixelLossLayer extends CnnLossLayer {

    /** A layer for {@code conf} in {@code dataType}; {@link PixelLoss} creates it. */
    public PixelLossLayer(NeuralNetConfiguration conf, DataType dataType) {
        super(conf, dataType);
    }

    /**
     * The loss summed over every pixel, with input, labels and mask reshaped to [n·h·w, c] in the configured
     * layout, divided by the minibatch size, plus {@code fullNetRegTerm}; also stored as the layer's score.
     */
    @Override
    public double computeScore(double fullNetRegTerm, boolean training, LayerWorkspaceMgr workspaceMgr) {
        CNN2DFormat format = layerConf().getFormat();
        INDArray input2d = ConvolutionUtils.reshape4dTo2d(input, format, workspaceMgr, ArrayType.FF_WORKING_MEM);
        INDArray labels2d = ConvolutionUtils.reshape4dTo2d(labels, format, workspaceMgr, ArrayType.FF_WORKING_MEM);
        INDArray mask = ConvolutionUtils.reshapeMaskIfRequired(maskArray, input, format, workspaceMgr,
                ArrayType.FF_WORKING_MEM);
        double value = layerConf().getLossFn().computeScore(labels2d, input2d.dup(), layerConf().getActivationFn(),
                mask, false);
        score = value / getInputMiniBatchSize() + fullNetRegTerm;
        return score;
    }
}
