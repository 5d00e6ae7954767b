package dev.pigment.models.engine;

import java.util.List;
import java.util.Map;
import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.conf.graph.GraphVertex;
import org.deeplearning4j.nn.conf.graph.LayerVertex;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.BaseOutputLayer;
import org.deeplearning4j.nn.conf.layers.ConvolutionLayer;
import org.deeplearning4j.nn.conf.layers.Deconvolution2D;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.Layer;

/**
 * Floating-point operations of a network per example, counted the usual way: 2 per multiply-add of convolution and
 * fully connected layers (biases, activations, pooling and normalisation left out), and a training step as 3× the
 * forward pass (forward, gradient of the input, gradient of the weights). For the benchmark CNN of the engine issue
 * (conv3×3-32, pool, conv3×3-64, pool, dense 128, dense 10 on 28×28×1) this gives 8.5 MFLOP forward and 25.5 MFLOP
 * per training image. Used to report achieved GFLOP/s against the machine's ceiling.
 */
public final class Flops {
    private Flops() {
    }

    /** Forward FLOPs per example of a layer whose output has {@code outputType}. */
    static long forward(Layer layer, InputType outputType) {
        if (layer instanceof ConvolutionLayer conv && outputType instanceof InputType.InputTypeConvolutional out) {
            long macs = out.getHeight() * out.getWidth() * conv.getNOut()
                    * conv.getKernelSize()[0] * conv.getKernelSize()[1] * conv.getNIn();
            if (layer instanceof Deconvolution2D) {
                // each input pixel meets the kernel once: the output is stride² times larger than the input
                macs /= (long) conv.getStride()[0] * conv.getStride()[1];
            }
            return 2 * macs;
        }
        if (layer instanceof DenseLayer || layer instanceof NativeDense || layer instanceof BaseOutputLayer) {
            var ff = (org.deeplearning4j.nn.conf.layers.FeedForwardLayer) layer;
            return 2 * ff.getNIn() * ff.getNOut();
        }
        return 0;
    }

    /** Forward FLOPs per example of a multi-layer network for the given input. */
    public static long forward(MultiLayerConfiguration conf, InputType input) {
        List<InputType> outputs = conf.getLayerActivationTypes(input);
        long total = 0;
        for (int i = 0; i < outputs.size(); i++) {
            total += forward(conf.getConf(i).getLayer(), outputs.get(i));
        }
        return total;
    }

    /** Forward FLOPs per example of a computation graph for the given inputs. */
    public static long forward(ComputationGraphConfiguration conf, InputType... inputs) {
        Map<String, InputType> outputs = conf.getLayerActivationTypes(inputs);
        long total = 0;
        for (Map.Entry<String, GraphVertex> e : conf.getVertices().entrySet()) {
            if (e.getValue() instanceof LayerVertex v) {
                total += forward(v.getLayerConf().getLayer(), outputs.get(e.getKey()));
            }
        }
        return total;
    }

    /** Training FLOPs per example: 3× forward. */
    public static long training(long forward) {
        return 3 * forward;
    }
}
