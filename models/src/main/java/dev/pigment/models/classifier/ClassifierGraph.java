package dev.pigment.models.classifier;

import static dev.pigment.models.classifier.ClassifierConfig.GAP;
import static dev.pigment.models.classifier.ClassifierConfig.INPUT;
import static dev.pigment.models.classifier.ClassifierConfig.OUTPUT;

import dev.pigment.models.engine.ConvBlock;
import dev.pigment.models.engine.NativeDense;
import dev.pigment.models.engine.NativeSubsampling;
import dev.pigment.models.train.Optimizer;
import java.util.ArrayList;
import java.util.List;
import org.deeplearning4j.nn.conf.CNN2DFormat;
import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.conf.ComputationGraphConfiguration.GraphBuilder;
import org.deeplearning4j.nn.conf.graph.ElementWiseVertex;
import org.deeplearning4j.nn.conf.layers.ActivationLayer;
import org.deeplearning4j.nn.conf.layers.DropoutLayer;
import org.deeplearning4j.nn.conf.layers.GlobalPoolingLayer;
import org.deeplearning4j.nn.conf.layers.Layer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.conf.layers.PoolingType;
import org.deeplearning4j.nn.conf.layers.SubsamplingLayer;
import org.deeplearning4j.nn.weights.WeightInit;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.lossfunctions.LossFunctions;

/**
 * Builds a {@link ClassifierConfig} into a DL4J graph, with the layer names the config's Javadoc lists: the stages
 * from their list, then the head. The head alone is also what {@link Classifier#fineTune} puts on a copied feature
 * extractor.
 */
final class ClassifierGraph {
    private final ClassifierConfig config;
    private final GraphBuilder g;
    private final ConvBlock block;

    /** With a null builder the graph only follows the names, to find the last vertex of the stages. */
    private ClassifierGraph(ClassifierConfig config, GraphBuilder g) {
        this.config = config;
        this.g = g;
        this.block = new ConvBlock(config.batchNorm(), config.input().format(), INPUT);
    }

    /** The DL4J configuration of {@code config}; no parameters are allocated. */
    static ComputationGraphConfiguration build(ClassifierConfig config) {
        Optimizer o = config.optimizer();
        GraphBuilder g = ConvBlock.graph(config.seed(), o.updater(), o.weightDecay(), config.input(), INPUT);
        String last = new ClassifierGraph(config, g).stages();
        if (config.globalPooling()) {
            g.addLayer(GAP, new GlobalPoolingLayer.Builder(PoolingType.AVG).build(), last);
            last = GAP;
        }
        addHead(g::addLayer, last, config.hidden(), config.headDropout(), config.numClasses());
        g.setOutputs(OUTPUT);
        return g.build();
    }

    /** The name of the last vertex of the feature extractor: {@link ClassifierConfig#GAP}, or the last stage's. */
    static String featuresVertex(ClassifierConfig config) {
        return config.globalPooling() ? GAP : new ClassifierGraph(config, null).stages();
    }

    /**
     * Adds the head of a classifier over {@code numClasses} classes, fed by vertex {@code from}: hidden fully
     * connected layers with ReLU, each after dropout, then the softmax output layer {@link ClassifierConfig#OUTPUT}.
     */
    static void addHead(ConvBlock.LayerSink g, String from, List<Integer> hidden, double dropout, int numClasses) {
        String last = from;
        for (int k = 0; k <= hidden.size(); k++) {
            String name = k < hidden.size() ? "fc" + (k + 1) : OUTPUT;
            if (dropout > 0) {
                g.add(name + "_dropout", new DropoutLayer.Builder(1 - dropout).build(), last);
                last = name + "_dropout";
            }
            Layer layer = k < hidden.size()
                    ? new NativeDense.Builder().nOut(hidden.get(k)).activation(Activation.RELU).build()
                    : new OutputLayer.Builder(LossFunctions.LossFunction.MCXENT).nOut(numClasses)
                            .activation(Activation.SOFTMAX).weightInit(WeightInit.XAVIER).build();
            g.add(name, layer, last);
            last = name;
        }
    }

    /** The names of the head's vertices as {@link #addHead} names them. */
    static List<String> headVertices(int hiddenLayers, boolean dropout) {
        List<String> names = new ArrayList<>();
        for (int k = 0; k <= hiddenLayers; k++) {
            String name = k < hiddenLayers ? "fc" + (k + 1) : OUTPUT;
            if (dropout) {
                names.add(name + "_dropout");
            }
            names.add(name);
        }
        return names;
    }

    private void add(String name, Layer layer, String... from) {
        if (g != null) {
            g.addLayer(name, layer, from);
        }
    }

    private String conv(String name, String bnName, int filters, int kernel, int stride, boolean relu, String from) {
        return block.add(this::add, name, bnName, filters, kernel, stride, relu, from);
    }

    /** Adds the stages; returns the name of the last vertex. */
    private String stages() {
        CNN2DFormat format = config.input().format();
        String last = INPUT;
        int channels = config.input().channels();
        List<Stage> stages = config.stages();
        for (int i = 0; i < stages.size(); i++) {
            Stage s = stages.get(i);
            String p = "s" + (i + 1) + "_";
            String stageIn = last;
            int stride = s.downsampling() == Downsampling.STRIDE ? 2 : 1;
            for (int j = 1; j <= s.convolutions(); j++) {
                boolean relu = !(s.residual() && j == s.convolutions());
                last = conv(p + "conv" + j, p + "bn" + j, s.filters(), 3, j == 1 ? stride : 1, relu, last);
            }
            if (s.residual()) {
                String shortcut = stageIn;
                if (channels != s.filters() || stride != 1) {
                    shortcut = conv(p + "shortcut", p + "shortcut_bn", s.filters(), 1, stride, false, stageIn);
                }
                if (g != null) {
                    g.addVertex(p + "add", new ElementWiseVertex(ElementWiseVertex.Op.Add), last, shortcut);
                }
                add(p + "out", new ActivationLayer.Builder().activation(Activation.RELU).build(), p + "add");
                last = p + "out";
            }
            if (s.downsampling() == Downsampling.MAX_POOL) {
                add(p + "pool", NativeSubsampling.of(new SubsamplingLayer.Builder(PoolingType.MAX).kernelSize(2, 2)
                        .stride(2, 2).dataFormat(format).build()), last);
                last = p + "pool";
            }
            if (s.dropout() > 0) {
                add(p + "dropout", new DropoutLayer.Builder(1 - s.dropout()).build(), last);
                last = p + "dropout";
            }
            channels = s.filters();
        }
        return last;
    }
}
