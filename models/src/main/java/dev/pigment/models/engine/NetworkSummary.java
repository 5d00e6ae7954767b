package dev.pigment.models.engine;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.conf.graph.GraphVertex;
import org.deeplearning4j.nn.conf.graph.LayerVertex;
import org.deeplearning4j.nn.conf.inputs.InputType;

/**
 * Describes a DL4J graph configuration layer by layer — names, kinds, output shapes, parameter counts — and its
 * forward cost, without allocating parameters: what the model configurations' {@code layers()} and
 * {@code summary()} print.
 */
public final class NetworkSummary {
    private NetworkSummary() {
    }

    /**
     * One layer or vertex of a network: its name, kind, output shape per example and parameter count, and where its
     * units look in the input.
     *
     * @param name the vertex's name in the graph
     * @param kind the simple class name of the layer configuration, or of the vertex when it is not a layer
     * @param output the output shape per example: {@code HxWxC} for convolutional outputs, else the shape as
     *     {@code [n1, n2, ...]}
     * @param params the number of parameters, batch normalisation's running statistics included
     * @param receptiveField the side, in input pixels, of the square of input one output unit depends on (padding
     *     aside); the input's larger side for global pooling and dense layers, which see all of it
     * @param stride how many input pixels apart two neighbouring output units look (below 1 after upsampling); the
     *     input's larger side where the output is not spatial
     */
    public record LayerInfo(String name, String kind, String output, long params, int receptiveField,
                            double stride) {
    }

    /**
     * The layers and vertices of {@code conf} in the order they were added (the inputs are not vertices), their
     * receptive fields and strides computed from the layers' kernels, strides and dilations (A. Araujo, W. Norris
     * and J. Sim, "Computing Receptive Fields of Convolutional Neural Networks", Distill, 2019): through a layer of
     * kernel k, stride s and dilation d, r' = r + (k - 1) d j and j' = j s, with r and j the field and stride before
     * it; a transposed convolution adds (ceil(k / s) - 1) j and divides j by s; upsampling by u divides j by u; a
     * merge takes its inputs' largest field and smallest stride; a layer with a flat output sees the whole input.
     */
    public static List<LayerInfo> layers(ComputationGraphConfiguration conf, InputType input) {
        Map<String, InputType> types = conf.getLayerActivationTypes(input);
        Map<String, double[]> fields = fields(conf, input, types);
        List<LayerInfo> out = new ArrayList<>();
        for (Map.Entry<String, GraphVertex> e : conf.getVertices().entrySet()) {
            String name = e.getKey();
            GraphVertex v = e.getValue();
            String kind = v instanceof LayerVertex lv ? lv.getLayerConf().getLayer().getClass().getSimpleName()
                    : v.getClass().getSimpleName();
            double[] f = fields.get(name);
            out.add(new LayerInfo(name, kind, shape(types.get(name)), v.numParams(false), (int) Math.round(f[0]),
                    f[1]));
        }
        return out;
    }

    /** Receptive field and stride of every vertex, in input pixels, as {r, j}. */
    private static Map<String, double[]> fields(ComputationGraphConfiguration conf, InputType input,
                                                Map<String, InputType> types) {
        double whole = input instanceof InputType.InputTypeConvolutional c ? Math.max(c.getHeight(), c.getWidth())
                : 1;
        Map<String, double[]> fields = new java.util.HashMap<>();
        conf.getNetworkInputs().forEach(in -> fields.put(in, new double[] {1, 1}));
        Map<String, List<String>> inputs = conf.getVertexInputs();
        // the vertices in an order where each comes after its inputs
        List<String> pending = new ArrayList<>(conf.getVertices().keySet());
        while (!pending.isEmpty()) {
            boolean progressed = false;
            for (java.util.Iterator<String> it = pending.iterator(); it.hasNext(); ) {
                String name = it.next();
                List<String> from = inputs.getOrDefault(name, List.of());
                if (!from.stream().allMatch(fields::containsKey)) {
                    continue;
                }
                double r = from.stream().mapToDouble(f -> fields.get(f)[0]).max().orElse(1);
                double j = from.stream().mapToDouble(f -> fields.get(f)[1]).min().orElse(1);
                GraphVertex v = conf.getVertices().get(name);
                org.deeplearning4j.nn.conf.layers.Layer layer = v instanceof LayerVertex lv
                        ? lv.getLayerConf().getLayer() : null;
                if (!(types.get(name) instanceof InputType.InputTypeConvolutional)) {
                    // a flat output (dense, global pooling, a flattening loss): every unit sees all of the input
                    r = whole;
                    j = whole;
                } else if (layer instanceof org.deeplearning4j.nn.conf.layers.Deconvolution2D d) {
                    // each output unit of a transposed convolution reads ceil(k / s) input units per axis
                    int k = d.getKernelSize()[0];
                    int st = d.getStride()[0];
                    r = r + ((k + st - 1) / st - 1) * j;
                    j = j / st;
                } else if (layer instanceof org.deeplearning4j.nn.conf.layers.ConvolutionLayer c) {
                    r = r + (c.getKernelSize()[0] - 1) * c.getDilation()[0] * j;
                    j = j * c.getStride()[0];
                } else if (layer instanceof org.deeplearning4j.nn.conf.layers.SubsamplingLayer p) {
                    r = r + (p.getKernelSize()[0] - 1) * p.getDilation()[0] * j;
                    j = j * p.getStride()[0];
                } else if (layer instanceof org.deeplearning4j.nn.conf.layers.Upsampling2D u) {
                    j = j / u.getSize()[0];
                }
                fields.put(name, new double[] {r, j});
                it.remove();
                progressed = true;
            }
            if (!progressed) {
                throw new IllegalStateException("the graph's vertices " + pending + " cannot be ordered by inputs");
            }
        }
        return fields;
    }

    /** Total parameters (including batch normalisation's running statistics). */
    public static long numParams(List<LayerInfo> layers) {
        return layers.stream().mapToLong(LayerInfo::params).sum();
    }

    /** A table of {@code layers}, one line each, then {@code footer}. */
    public static String table(List<LayerInfo> layers, String footer) {
        StringBuilder sb = new StringBuilder();
        sb.append(String.format("%-16s %-26s %-14s %10s %6s %6s%n", "layer", "kind", "output", "params", "field",
                "stride"));
        for (LayerInfo l : layers) {
            sb.append(String.format(java.util.Locale.ROOT, "%-16s %-26s %-14s %,10d %6d %6s%n", l.name(), l.kind(),
                    l.output(), l.params(), l.receptiveField(), l.stride() == Math.rint(l.stride())
                            ? String.valueOf((long) l.stride()) : String.valueOf(l.stride())));
        }
        return sb.append(footer).append(System.lineSeparator()).toString();
    }

    private static String shape(InputType t) {
        if (t instanceof InputType.InputTypeConvolutional c) {
            return c.getHeight() + "x" + c.getWidth() + "x" + c.getChannels();
        }
        return Arrays.toString(t.getShape(false));
    }
}
