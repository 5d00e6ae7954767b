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
     * One layer or vertex of a network: its name, kind, output shape per example and parameter count.
     *
     * @param name the vertex's name in the graph
     * @param kind the simple class name of the layer configuration, or of the vertex when it is not a layer
     * @param output the output shape per example: {@code HxWxC} for convolutional outputs, else the shape as
     *     {@code [n1, n2, ...]}
     * @param params the number of parameters, batch normalisation's running statistics included
     */
    public record LayerInfo(String name, String kind, String output, long params) {
    }

    /** The layers and vertices of {@code conf} in the order they were added (the inputs are not vertices). */
    public static List<LayerInfo> layers(ComputationGraphConfiguration conf, InputType input) {
        Map<String, InputType> types = conf.getLayerActivationTypes(input);
        List<LayerInfo> out = new ArrayList<>();
        for (Map.Entry<String, GraphVertex> e : conf.getVertices().entrySet()) {
            String name = e.getKey();
            GraphVertex v = e.getValue();
            String kind = v instanceof LayerVertex lv ? lv.getLayerConf().getLayer().getClass().getSimpleName()
                    : v.getClass().getSimpleName();
            out.add(new LayerInfo(name, kind, shape(types.get(name)), v.numParams(false)));
        }
        return out;
    }

    /** Total parameters (including batch normalisation's running statistics). */
    public static long numParams(List<LayerInfo> layers) {
        return layers.stream().mapToLong(LayerInfo::params).sum();
    }

    /** A table of {@code layers}, one line each, then {@code footer}. */
    public static String table(List<LayerInfo> layers, String footer) {
        StringBuilder sb = new StringBuilder();
        sb.append(String.format("%-16s %-26s %-14s %10s%n", "layer", "kind", "output", "params"));
        for (LayerInfo l : layers) {
            sb.append(String.format("%-16s %-26s %-14s %,10d%n", l.name(), l.kind(), l.output(), l.params()));
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
