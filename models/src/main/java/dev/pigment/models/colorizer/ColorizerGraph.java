package dev.pigment.models.colorizer;

import static dev.pigment.models.colorizer.ColorizerConfig.HEAD;
import static dev.pigment.models.colorizer.ColorizerConfig.INPUT;
import static dev.pigment.models.colorizer.ColorizerConfig.OUTPUT;

import dev.pigment.models.engine.ConvBlock;
import dev.pigment.models.engine.NativeConvolution;
import dev.pigment.models.engine.NativeSubsampling;
import dev.pigment.models.engine.NativeUpsampling2D;
import dev.pigment.models.train.Optimizer;
import org.deeplearning4j.nn.conf.CNN2DFormat;
import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.conf.ComputationGraphConfiguration.GraphBuilder;
import org.deeplearning4j.nn.conf.ConvolutionMode;
import org.deeplearning4j.nn.conf.graph.MergeVertex;
import org.deeplearning4j.nn.conf.layers.Deconvolution2D;
import org.deeplearning4j.nn.conf.layers.Layer;
import org.deeplearning4j.nn.conf.layers.PoolingType;
import org.deeplearning4j.nn.conf.layers.SubsamplingLayer;
import org.deeplearning4j.nn.conf.layers.Upsampling2D;
import org.deeplearning4j.nn.weights.WeightInit;
import org.nd4j.linalg.activations.Activation;

/**
 * Builds a {@link ColorizerConfig} into a DL4J graph with the layer names its Javadoc lists: the encoder levels from
 * {@link ColorizerConfig#widths()}, the decoder back up with the skips, then the head's 1×1 convolution and loss.
 */
final class ColorizerGraph {
    private ColorizerGraph() {
    }

    /** The DL4J configuration of {@code config} with {@code outputHead}'s channels and loss. */
    static ComputationGraphConfiguration build(ColorizerConfig config, ColorizerHead outputHead) {
        Optimizer o = config.optimizer();
        GraphBuilder g = ConvBlock.graph(config.seed(), o.updater(), o.weightDecay(), config.input(), INPUT);
        CNN2DFormat format = config.input().format();
        ConvBlock block = new ConvBlock(config.batchNorm(), format, INPUT);
        ConvBlock.LayerSink sink = g::addLayer;
        int levels = config.widths().size();
        String[] skip = new String[levels];
        String last = INPUT;
        for (int i = 1; i <= levels; i++) {
            String p = "enc" + i + "_";
            for (int j = 1; j <= config.convolutions(); j++) {
                last = block.add(sink, p + "conv" + j, p + "bn" + j, config.widths().get(i - 1), 3, 1, true, last);
            }
            skip[i - 1] = last;
            if (i < levels) {
                g.addLayer(p + "pool", NativeSubsampling.of(new SubsamplingLayer.Builder(PoolingType.MAX)
                        .kernelSize(2, 2).stride(2, 2).dataFormat(format).build()), last);
                last = p + "pool";
            }
        }
        for (int i = levels - 1; i >= 1; i--) {
            String p = "dec" + i + "_";
            int filters = config.widths().get(i - 1);
            if (config.upsampling() == ColorizerConfig.Upsampling.NEAREST) {
                g.addLayer(p + "up", NativeUpsampling2D.of(new Upsampling2D.Builder(2).dataFormat(format).build()),
                        last);
                last = block.add(sink, p + "upconv", p + "upbn", filters, 3, 1, true, p + "up");
            } else {
                boolean bn = config.batchNorm();
                Layer up = new Deconvolution2D.Builder(2, 2).stride(2, 2).nOut(filters).dataFormat(format)
                        .convolutionMode(ConvolutionMode.Strict).hasBias(!bn)
                        .activation(bn ? Activation.IDENTITY : Activation.RELU).build();
                g.addLayer(p + "up", up, last);
                last = bn ? block.batchNorm(sink, p + "upbn", true, p + "up") : p + "up";
            }
            if (config.skips()) {
                g.addVertex(p + "concat", new MergeVertex(), last, skip[i - 1]);
                last = p + "concat";
            }
            for (int j = 1; j <= config.convolutions(); j++) {
                last = block.add(sink, p + "conv" + j, p + "bn" + j, filters, 3, 1, true, last);
            }
        }
        g.addLayer(HEAD, new NativeConvolution.Builder(1, 1).nOut(outputHead.outputChannels())
                .activation(Activation.IDENTITY).weightInit(WeightInit.XAVIER).hasBias(true).dataFormat(format)
                .build(), last);
        g.addLayer(OUTPUT, outputHead.loss(format), HEAD);
        g.setOutputs(OUTPUT);
        return g.build();
    }
}
