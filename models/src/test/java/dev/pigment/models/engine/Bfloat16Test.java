package dev.pigment.models.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.deeplearning4j.nn.conf.CNN2DFormat;
import org.deeplearning4j.nn.conf.ConvolutionMode;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.ConvolutionLayer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.config.Adam;
import org.nd4j.linalg.lossfunctions.LossFunctions;

/**
 * pigment's convolutions in bfloat16, as they run by default where oneDNN runs Intel AMX, here forced with
 * {@code -Dpigment.onednn.precision=bf16} in a JVM of their own (models/pom.xml; the other tests run float32, to
 * compare with DL4J's layers at float32's precision): the engine says so, a network predicts what DL4J's float32
 * layers predict from the input and weights rounded to bfloat16, and it trains as they do. On a CPU without AVX-512
 * the property is refused with a clear message. {@link OneDnnConvolutionTest} checks each pass of the primitives.
 */
class Bfloat16Test {

    @Test
    void aNetworkPredictsFromRoundedInputsAndTrainsAsFloat32Does() {
        Assumptions.assumeTrue("bf16".equals(System.getProperty(OneDnn.PRECISION_PROPERTY)),
                "run by the bfloat16 execution of models/pom.xml");
        String off;
        try {
            off = OneDnn.status();
        } catch (IllegalArgumentException e) {
            assertTrue(e.getMessage().contains("-Dpigment.onednn.precision=bf16: oneDNN 2.5 computes in bfloat16"
                    + " only on CPUs with AVX-512"), e.getMessage());
            Assumptions.abort("no AVX-512 on this CPU: bfloat16 refused, as it should be");
            return;
        }
        Assumptions.assumeTrue(off.isEmpty(), "oneDNN is not called directly here: " + off);
        assertTrue(Engine.layers().endsWith("NHWC convolutions of 16 or more channels in bfloat16 (float32 sums)"), Engine.layers());
        // which convolutions: NHWC, at least 16 input channels, at most 64 MiB in and out
        OneDnn dnn = OneDnn.get().orElseThrow();
        assertTrue(dnn.bf16(geometry(128, 16, 32, 28, 28, true)));
        assertTrue(dnn.bf16(geometry(1, 64, 32, 512, 512, false)));     // 64 MiB exactly
        assertFalse(dnn.bf16(geometry(128, 1, 32, 28, 28, true)));      // a gray first layer
        assertFalse(dnn.bf16(geometry(1, 64, 32, 513, 512, false)));    // 64 MiB and a row
        assertFalse(dnn.bf16(new OneDnnConvolution.Geometry(8, 32, 16, 16, 32, 16, 16, 3, 3, 1, 1, 1, 1, 1, 1,
                false, false, true, false)));                            // NCHW

        MultiLayerNetwork stock = net(false);
        MultiLayerNetwork ours = net(true);
        INDArray w = stock.getLayer(0).getParam("W");
        w.assign(OneDnnConvolutionTest.bfloat16(w));   // exact in bfloat16: the same weights in both arithmetics
        ours.setParams(stock.params().dup());
        org.nd4j.linalg.api.rng.Random rng = Nd4j.getRandomFactory().getNewRandomInstance(5);
        INDArray x = Nd4j.randn(Nd4j.create(DataType.FLOAT, 16, 10, 10, 16), rng);
        INDArray y = Nd4j.rand(Nd4j.create(DataType.FLOAT, 16, 4), rng);

        INDArray expected = stock.output(OneDnnConvolutionTest.bfloat16(x));
        INDArray actual = ours.output(x);
        double error = expected.sub(actual).amaxNumber().doubleValue() / expected.amaxNumber().doubleValue();
        assertTrue(error < 1e-5, "prediction against float32 on rounded input and weights: relative error " + error);
        double rounding = stock.output(x).sub(actual).amaxNumber().doubleValue()
                / expected.amaxNumber().doubleValue();
        assertTrue(rounding > 1e-6, "the input's rounding shows in the prediction: " + rounding);

        // 40 Adam steps on one batch, from the same weights: the loss falls as far as in float32
        double first = score(stock, x, y);
        assertEquals(first, score(ours, x, y), 2e-2 * first);
        for (int step = 0; step < 40; step++) {
            stock.fit(x, y);
            ours.fit(x, y);
        }
        double f32 = score(stock, x, y);
        double bf16 = score(ours, x, y);
        assertTrue(f32 < 0.5 * first, "float32 learns: " + first + " -> " + f32);
        assertEquals(f32, bf16, 0.1 * f32, "bfloat16 follows float32: " + first + " -> " + f32 + " and " + bf16);

        // the same network as a ComputationGraph, whose workspaces hold the copies too: the same arithmetic, from
        // the same weights and a fresh updater on both sides
        MultiLayerNetwork fresh = net(true);
        fresh.setParams(ours.params().dup());
        ComputationGraph graph = fresh.toComputationGraph();
        assertEquals(fresh.output(x), graph.outputSingle(x));
        for (int step = 0; step < 3; step++) {
            fresh.fit(x, y);
            graph.fit(new INDArray[] {x}, new INDArray[] {y});
        }
        assertEquals(fresh.params(), graph.params());
    }

    /** A 3×3 "same" convolution of {@code n} NHWC images of {@code h} × {@code w} pixels, without bias. */
    private static OneDnnConvolution.Geometry geometry(long n, long inC, long outC, long h, long w,
                                                       boolean training) {
        return new OneDnnConvolution.Geometry(n, inC, h, w, outC, h, w, 3, 3, 1, 1, 1, 1, 1, 1, true, false, training, false);
    }

    private static double score(MultiLayerNetwork n, INDArray x, INDArray y) {
        n.setInput(x);
        n.setLabels(y);
        n.computeGradientAndScore();
        return n.score();
    }

    /** A 3×3 convolution of 16 channels into 32 (shapes oneDNN runs on AMX) and a dense regression head. */
    private static MultiLayerNetwork net(boolean pigment) {
        ConvolutionLayer.Builder conv = pigment ? new NativeConvolution.Builder(3, 3) : new ConvolutionLayer.Builder(3, 3);
        var conf = new NeuralNetConfiguration.Builder().seed(11).updater(new Adam(1e-2))
                .convolutionMode(ConvolutionMode.Same).list()
                .layer(conv.nOut(32).activation(Activation.RELU).dataFormat(CNN2DFormat.NHWC).build())
                .layer(new OutputLayer.Builder(LossFunctions.LossFunction.MSE).nOut(4).activation(Activation.IDENTITY)
                        .build())
                .setInputType(InputType.convolutional(10, 10, 16, CNN2DFormat.NHWC)).build();
        MultiLayerNetwork n = new MultiLayerNetwork(conf);
        n.init();
        return n;
    }
}
