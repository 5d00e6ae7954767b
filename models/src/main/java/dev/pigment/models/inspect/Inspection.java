package dev.pigment.models.inspect;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.deeplearning4j.nn.conf.CNN2DFormat;
import org.deeplearning4j.nn.conf.graph.GraphVertex;
import org.deeplearning4j.nn.conf.graph.LayerVertex;
import org.deeplearning4j.nn.conf.layers.ConvolutionLayer;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.params.ConvolutionParamInitializer;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Looking inside a trained DL4J graph, for both of pigment's models: every layer's activations for one input, the
 * first convolution's filters, a layer's features for a batch. Each call holds the network's lock, as inference does,
 * so it is safe beside other threads' predictions.
 */
public final class Inspection {
    private Inspection() {
    }

    /**
     * The output of the network input and of every vertex for one example, by vertex name, in the order the graph
     * was built.
     *
     * @param x one example, {@code [1, ...]}, in the network's input layout
     * @param format the layout of the network's convolutional activations
     */
    public static Map<String, FeatureMap> activations(ComputationGraph net, INDArray x, CNN2DFormat format) {
        if (x.size(0) != 1) {
            throw new IllegalArgumentException("one example at a time, got " + x.size(0));
        }
        Map<String, INDArray> all;
        synchronized (net) {
            all = net.feedForward(x, false);
        }
        Map<String, FeatureMap> out = new LinkedHashMap<>();
        for (String input : net.getConfiguration().getNetworkInputs()) {
            out.put(input, map(all.get(input), format, 0));
        }
        for (String name : net.getConfiguration().getVertices().keySet()) {
            INDArray a = all.get(name);
            if (a != null) {
                out.put(name, map(a, format, 0));
            }
        }
        return out;
    }

    /**
     * The outputs of vertex {@code vertex} for a batch, one row of floats per example (a spatial output flattened in
     * HWC order).
     */
    public static float[][] features(ComputationGraph net, INDArray batch, String vertex, CNN2DFormat format) {
        int index = net.getVertex(vertex).getVertexIndex();
        INDArray a;
        synchronized (net) {
            a = net.feedForward(batch, index, false).get(vertex);
        }
        float[][] rows = new float[(int) a.size(0)][];
        for (int i = 0; i < rows.length; i++) {
            rows[i] = map(a, format, i).values();
        }
        return rows;
    }

    /**
     * The filters of the graph's first convolution, one map per output channel: {@code kernel × kernel × input
     * channels}.
     *
     * @throws IllegalStateException if the graph has no convolution
     */
    public static List<FeatureMap> firstFilters(ComputationGraph net) {
        for (Map.Entry<String, GraphVertex> e : net.getConfiguration().getVertices().entrySet()) {
            if (e.getValue() instanceof LayerVertex lv && lv.getLayerConf().getLayer() instanceof ConvolutionLayer c) {
                // DL4J's convolution weights: [out, in, kernel height, kernel width]
                INDArray w = net.getLayer(e.getKey()).getParam(ConvolutionParamInitializer.WEIGHT_KEY);
                int out = (int) c.getNOut();
                int in = (int) c.getNIn();
                int kh = c.getKernelSize()[0];
                int kw = c.getKernelSize()[1];
                if (w.length() != (long) out * in * kh * kw) {
                    throw new IllegalStateException("convolution " + e.getKey() + " has " + w.length() + " weights, "
                            + "not " + out + "x" + in + "x" + kh + "x" + kw);
                }
                float[] flat = w.reshape('c', out, in, kh, kw).dup('c').data().asFloat();
                List<FeatureMap> filters = new ArrayList<>(out);
                for (int o = 0; o < out; o++) {
                    float[] hwc = new float[kh * kw * in];
                    for (int i = 0; i < in; i++) {
                        for (int y = 0; y < kh; y++) {
                            for (int x = 0; x < kw; x++) {
                                hwc[(y * kw + x) * in + i] = flat[((o * in + i) * kh + y) * kw + x];
                            }
                        }
                    }
                    filters.add(new FeatureMap(kh, kw, in, hwc));
                }
                return filters;
            }
        }
        throw new IllegalStateException("the network has no convolution");
    }

    /** Example {@code i} of a batch of activations as a map: rank 4 in {@code format}, rank 2 as a vector. */
    static FeatureMap map(INDArray a, CNN2DFormat format, int i) {
        INDArray one = a.get(org.nd4j.linalg.indexing.NDArrayIndex.point(i));
        if (one.rank() == 3) {
            INDArray hwc = format == CNN2DFormat.NCHW ? one.permute(1, 2, 0) : one;
            int h = (int) hwc.size(0);
            int w = (int) hwc.size(1);
            int c = (int) hwc.size(2);
            return new FeatureMap(h, w, c, hwc.dup('c').data().asFloat());
        }
        float[] v = one.dup('c').data().asFloat();
        return new FeatureMap(1, 1, v.length, v);
    }
}
