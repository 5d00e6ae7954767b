package dev.pigment.benchmarks;

import dev.pigment.models.engine.Engine;
import dev.pigment.models.engine.Flops;
import dev.pigment.models.engine.InferenceGraph;
import dev.pigment.models.engine.NativeConvolution;
import dev.pigment.models.engine.NativeDense;
import dev.pigment.models.engine.NativeSubsampling;
import java.util.Map;
import java.util.function.UnaryOperator;
import org.deeplearning4j.nn.conf.CNN2DFormat;
import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.conf.ConvolutionMode;
import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.layers.ConvolutionLayer;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.FeedForwardLayer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.conf.layers.PoolingType;
import org.deeplearning4j.nn.conf.layers.SubsamplingLayer;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.autodiff.samediff.TrainingConfig;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.impl.layers.convolution.config.Conv2DConfig;
import org.nd4j.linalg.api.ops.impl.layers.convolution.config.PaddingMode;
import org.nd4j.linalg.api.ops.impl.layers.convolution.config.Pooling2DConfig;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.config.Adam;
import org.nd4j.linalg.lossfunctions.LossFunctions;

/**
 * The ways of running a workload that the engine decision compared (docs/engine.md); a JMH {@code @Param}.
 * {@link #PIGMENT} is the engine pigment's builders use.
 */
public enum EngineVariant {
    /**
     * pigment's engine: NativeConvolution (the first without input gradient), NativeSubsampling and NativeDense,
     * NHWC.
     */
    PIGMENT(CNN2DFormat.NHWC),
    /** pigment's layers in NCHW. */
    PIGMENT_NCHW(CNN2DFormat.NCHW),
    /** DL4J's stock layers as M2.1 runs them out of the box (its oneDNN helpers off), NCHW. */
    DL4J(CNN2DFormat.NCHW),
    /** DL4J's stock layers with the oneDNN helpers on (property and shim class), NCHW. */
    DL4J_ONEDNN(CNN2DFormat.NCHW),
    /** DL4J's stock layers with the oneDNN helpers on, NHWC. */
    DL4J_ONEDNN_NHWC(CNN2DFormat.NHWC),
    /** The same network as a SameDiff graph, NHWC. */
    SAMEDIFF_NHWC(CNN2DFormat.NHWC);

    /** DL4J 1.0.0-M2.1 creates layer helpers only when this system property is "false". */
    static final String HELPERS_PROPERTY = "org.eclipse.deeplearning4j.helpers.disable";

    final CNN2DFormat format;

    EngineVariant(CNN2DFormat format) {
        this.format = format;
    }

    /** Whether this variant needs DL4J's helpers switched on in its JVM (before any network is created). */
    boolean needsHelpers() {
        return this == DL4J_ONEDNN || this == DL4J_ONEDNN_NHWC;
    }

    /** Whether this variant is pigment's engine, which runs with {@link Engine#configureRuntime()}. */
    boolean pigment() {
        return this == PIGMENT || this == PIGMENT_NCHW;
    }

    /**
     * The workload's network, Adam 1e-3, initialised from {@code seed}. pigment's variants configure ND4J's runtime
     * as pigment's trainers do; the others run as DL4J does by default.
     */
    Network create(Workload workload, long seed) {
        if (needsHelpers() && !"false".equals(System.getProperty(HELPERS_PROPERTY))) {
            throw new IllegalStateException(this + " needs -D" + HELPERS_PROPERTY + "=false");
        }
        if (pigment()) {
            Engine.configureRuntime();
        }
        if (workload == Workload.FASHION_CLASSIFIER || workload == Workload.COLORIZER) {
            if (this != PIGMENT) {
                throw new IllegalArgumentException(workload + " is built by pigment's own builder; run it "
                        + "with engine PIGMENT, not " + this);
            }
            return workload == Workload.COLORIZER ? graph(Workload.colorizer(seed).graph(Workload.colorizerHead()))
                    : graph(Workload.classifier(seed).graph());
        }
        return this == SAMEDIFF_NHWC ? sameDiff(workload, seed) : layers(workload, seed);
    }

    /** Forward FLOPs per image of the workload (the same network in every variant). */
    static long forwardFlops(Workload workload) {
        if (workload == Workload.FASHION_CLASSIFIER) {
            return Workload.classifier(0).forwardFlops();
        }
        if (workload == Workload.COLORIZER) {
            return Workload.colorizer(0).forwardFlops(Workload.colorizerHead());
        }
        return Flops.forward(PIGMENT.configuration(workload, 0), workload.inputType(PIGMENT.format));
    }

    /**
     * A pigment graph: it trains as pigment's trainers train it (workspaces sized after each step,
     * {@link Engine#settleWorkspaces()}) and predicts as pigment's models predict, through its {@link InferenceGraph}
     * (batch normalisation folded into the convolutions, refolded when the weights change).
     */
    private static Network graph(ComputationGraphConfiguration config) {
        ComputationGraph net = new ComputationGraph(config);
        net.init();
        InferenceGraph inference = new InferenceGraph(net);
        return Network.of(data -> {
            net.fit(data);
            Engine.settleWorkspaces();
            return net.score();
        }, features -> inference.forward(features, "a benchmark batch"), net::score);
    }

    /** The layer-API configuration of the workload in this variant. */
    MultiLayerConfiguration configuration(Workload workload, long seed) {
        boolean pigment = pigment();
        ConvolutionLayer.Builder conv1 = pigment ? new NativeConvolution.Builder(3, 3).inputGradient(false)
                : new ConvolutionLayer.Builder(3, 3);
        ConvolutionLayer.Builder conv2 = pigment ? new NativeConvolution.Builder(3, 3)
                : new ConvolutionLayer.Builder(3, 3);
        FeedForwardLayer dense = pigment
                ? new NativeDense.Builder().nOut(128).activation(Activation.RELU).build()
                : new DenseLayer.Builder().nOut(128).activation(Activation.RELU).build();
        UnaryOperator<SubsamplingLayer> pool = pigment ? NativeSubsampling::of : UnaryOperator.identity();
        return new NeuralNetConfiguration.Builder().seed(seed).updater(new Adam(1e-3))
                .convolutionMode(ConvolutionMode.Same).list()
                .layer(conv1.nOut(32).activation(Activation.RELU).dataFormat(format).build())
                .layer(pool.apply(new SubsamplingLayer.Builder(PoolingType.MAX).kernelSize(2, 2).stride(2, 2)
                        .dataFormat(format).build()))
                .layer(conv2.nOut(64).activation(Activation.RELU).dataFormat(format).build())
                .layer(pool.apply(new SubsamplingLayer.Builder(PoolingType.MAX).kernelSize(2, 2).stride(2, 2)
                        .dataFormat(format).build()))
                .layer(dense)
                .layer(new OutputLayer.Builder(LossFunctions.LossFunction.MCXENT).nOut(workload.classes)
                        .activation(Activation.SOFTMAX).build())
                .setInputType(workload.inputType(format))
                .build();
    }

    private Network layers(Workload workload, long seed) {
        MultiLayerNetwork net = new MultiLayerNetwork(configuration(workload, seed));
        net.init();
        boolean pigment = pigment();
        return Network.of(data -> {
            net.fit(data);
            if (pigment) {
                Engine.settleWorkspaces();
            }
            return net.score();
        }, features -> net.output(features), net::score);
    }

    private Network sameDiff(Workload workload, long seed) {
        java.util.Random random = new java.util.Random(seed);
        SameDiff sd = SameDiff.create();
        SDVariable in = sd.placeHolder("in", DataType.FLOAT, -1, workload.height, workload.width, workload.channels);
        SDVariable label = sd.placeHolder("label", DataType.FLOAT, -1, workload.classes);
        Conv2DConfig conv = Conv2DConfig.builder().kH(3).kW(3).sH(1).sW(1).paddingMode(PaddingMode.SAME)
                .dataFormat("NHWC").build();
        Pooling2DConfig pool = Pooling2DConfig.builder().kH(2).kW(2).sH(2).sW(2).paddingMode(PaddingMode.VALID)
                .isNHWC(true).build();
        int c = workload.channels;
        SDVariable x = sd.nn.relu(sd.cnn.conv2d(in, weight(sd, random, "w1", 9 * c, 3, 3, c, 32), sd.zero("b1", DataType.FLOAT, 32),
                conv), 0);
        x = sd.cnn.maxPooling2d(x, pool);
        x = sd.nn.relu(sd.cnn.conv2d(x, weight(sd, random, "w2", 9 * 32, 3, 3, 32, 64), sd.zero("b2", DataType.FLOAT, 64),
                conv), 0);
        x = sd.cnn.maxPooling2d(x, pool);
        long flat = (long) (workload.height / 4) * (workload.width / 4) * 64;
        x = x.reshape(-1, flat);
        x = sd.nn.relu(x.mmul(weight(sd, random, "w3", flat, flat, 128)).add(sd.zero("b3", DataType.FLOAT, 128)), 0);
        SDVariable logits = x.mmul(weight(sd, random, "w4", 128, 128, workload.classes))
                .add(sd.zero("b4", DataType.FLOAT, workload.classes));
        sd.nn.softmax("out", logits);
        sd.loss.softmaxCrossEntropy("loss", label, logits, null);
        sd.setTrainingConfig(TrainingConfig.builder().updater(new Adam(1e-3)).dataSetFeatureMapping("in")
                .dataSetLabelMapping("label").build());
        return new Network() {
            @Override
            public double fit(DataSet batch) {
                var losses = sd.fit(batch).lossCurve();
                return losses == null ? Double.NaN : losses.lastMeanLoss().totalLoss();
            }

            @Override
            public INDArray output(INDArray features) {
                return sd.outputSingle(Map.of("in", features), "out");
            }

            @Override
            public double score(DataSet batch) {
                return sd.outputSingle(Map.of("in", batch.getFeatures(), "label", batch.getLabels()), "loss")
                        .getDouble(0);
            }
        };
    }

    /** Xavier-normal weights drawn from {@code random} (never ND4J's global generator). */
    private static SDVariable weight(SameDiff sd, java.util.Random random, String name, long fanIn, long... shape) {
        long fanOut = shape[shape.length - 1] * (shape.length == 4 ? shape[0] * shape[1] : 1);
        double std = Math.sqrt(2.0 / (fanIn + fanOut));
        int n = 1;
        for (long d : shape) {
            n *= (int) d;
        }
        float[] values = new float[n];
        for (int i = 0; i < n; i++) {
            values[i] = (float) (random.nextGaussian() * std);
        }
        return sd.var(name, Nd4j.create(values, shape, 'c'));
    }
}
