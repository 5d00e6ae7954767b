package dev.pigment.models.engine;

import java.util.Collection;
import org.deeplearning4j.nn.api.Layer;
import org.deeplearning4j.nn.api.ParamInitializer;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.workspace.ArrayType;
import org.deeplearning4j.nn.workspace.LayerWorkspaceMgr;
import org.deeplearning4j.optimize.api.TrainingListener;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/** What pigment's layers share with each other: wiring a new layer, and arrays in the form native ops want. */
final class NativeLayers {
    private NativeLayers() {
    }

    /** Wires a new layer to its parameters the way DL4J's layer configurations do in {@code instantiate}. */
    static <L extends Layer> L wire(L layer, NeuralNetConfiguration conf, Collection<TrainingListener> listeners,
                                    int index, INDArray paramsView, boolean initializeParams,
                                    ParamInitializer initializer) {
        layer.setListeners(listeners);
        layer.setIndex(index);
        layer.setParamsViewArray(paramsView);
        layer.setParamTable(initializer.init(conf, paramsView, initializeParams));
        layer.setConf(conf);
        return layer;
    }

    /** {@code a} in {@code type}, row-major with default strides; copied into the workspace of {@code kind} if not. */
    static INDArray rowMajor(INDArray a, DataType type, LayerWorkspaceMgr mgr, ArrayType kind) {
        INDArray cast = a.dataType() == type ? a : a.castTo(type);
        return isRowMajor(cast) ? cast : mgr.dup(kind, cast, 'c');
    }

    /**
     * Whether {@code a}'s elements lie contiguous in c order, as native code reads them: each dimension's stride is
     * the product of the later dimensions' sizes, except where the size is 1 (DL4J's gradient views of shapes such as
     * {@code [16, 1, 3, 3]} carry other strides there, which address nothing).
     */
    static boolean isRowMajor(INDArray a) {
        long[] shape = a.shape();
        long[] stride = a.stride();
        long expected = 1;
        for (int i = shape.length - 1; i >= 0; i--) {
            if (shape[i] != 1 && stride[i] != expected) {
                return false;
            }
            expected *= shape[i];
        }
        return true;
    }
}
