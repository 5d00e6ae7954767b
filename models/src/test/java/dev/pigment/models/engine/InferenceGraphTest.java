package dev.pigment.models.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.List;
import org.deeplearning4j.nn.conf.CNN2DFormat;
import org.deeplearning4j.nn.conf.ConvolutionMode;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.graph.MergeVertex;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.GlobalPoolingLayer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.conf.layers.PoolingType;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.config.Sgd;
import org.nd4j.linalg.lossfunctions.LossFunctions;

/** The inference twin computes what its source computes, folds only what it may, and follows the source's weights. */
class InferenceGraphTest {

    /**
     * input → c1 (no bias) → n1 (ReLU): folded; → c2 (bias) → n2: kept, c2 has a bias; → c3 (no bias) → n3: folded;
     * input → c4 (no bias) → n4, and c4 also feeds the merge: kept; merge(n3, n4, c4) → average pool → softmax.
     */
    private static ComputationGraph net(CNN2DFormat format) {
        var g = new NeuralNetConfiguration.Builder().seed(3).updater(new Sgd(0.05))
                .convolutionMode(ConvolutionMode.Same).graphBuilder().addInputs("in")
                .setInputTypes(InputType.convolutional(7, 6, 2, format));
        conv(g, "c1", false, format, "in");
        g.addLayer("n1", norm(format, Activation.RELU), "c1");
        conv(g, "c2", true, format, "n1");
        g.addLayer("n2", norm(format, Activation.IDENTITY), "c2");
        conv(g, "c3", false, format, "n2");
        g.addLayer("n3", norm(format, Activation.TANH), "c3");
        conv(g, "c4", false, format, "in");
        g.addLayer("n4", norm(format, Activation.RELU), "c4");
        g.addVertex("merge", new MergeVertex(), "n3", "n4", "c4");
        g.addLayer("pool", new GlobalPoolingLayer.Builder(PoolingType.AVG).build(), "merge");
        g.addLayer("out", new OutputLayer.Builder(LossFunctions.LossFunction.MCXENT).nOut(3)
                .activation(Activation.SOFTMAX).build(), "pool");
        ComputationGraph net = new ComputationGraph(g.setOutputs("out").build());
        net.init();
        return net;
    }

    private static void conv(org.deeplearning4j.nn.conf.ComputationGraphConfiguration.GraphBuilder g, String name,
                             boolean bias, CNN2DFormat format, String from) {
        g.addLayer(name, new NativeConvolution.Builder(3, 3).nOut(4).hasBias(bias).activation(Activation.IDENTITY)
                .dataFormat(format).build(), from);
    }

    private static NativeBatchNormalization norm(CNN2DFormat format, Activation activation) {
        return new NativeBatchNormalization.Builder().dataFormat(format).activation(activation).build();
    }

    private static DataSet batch(CNN2DFormat format, long seed) {
        java.util.Random random = new java.util.Random(seed);   // its own generator: ND4J's is left alone
        float[] values = new float[8 * 7 * 6 * 2];
        for (int i = 0; i < values.length; i++) {
            values[i] = random.nextFloat();
        }
        INDArray x = Nd4j.create(values, format == CNN2DFormat.NCHW ? new long[] {8, 2, 7, 6} : new long[] {8, 7, 6, 2},
                'c');
        INDArray y = Nd4j.zeros(DataType.FLOAT, 8, 3);
        for (int i = 0; i < 8; i++) {
            y.putScalar(i, i % 3, 1);
        }
        return new DataSet(x.muli(4).subi(1), y);   // statistics far from the initial 0 and 1
    }

    private static void assertClose(INDArray expected, INDArray actual, String what) {
        double diff = expected.sub(actual).amaxNumber().doubleValue();
        assertTrue(diff < 1e-5, what + ": the twin differs by " + diff);
    }

    @ParameterizedTest
    @EnumSource(CNN2DFormat.class)
    void foldsTheNormalisationsItMayAndComputesTheSame(CNN2DFormat format) {
        ComputationGraph net = net(format);
        for (int i = 0; i < 5; i++) {
            net.fit(batch(format, i));   // running statistics and γ, β away from their initial values
        }
        ComputationGraph twin = InferenceGraph.foldBatchNorm(net);
        List<String> names = Arrays.stream(twin.getLayers()).map(l -> l.conf().getLayer().getLayerName()).toList();
        assertEquals(List.of("c1", "c2", "n2", "c3", "c4", "n4", "pool", "out"),
                names.stream().sorted((a, b) -> order(a) - order(b)).toList());
        assertFalse(names.contains("n1") || names.contains("n3"), names.toString());
        NativeConvolution c1 = (NativeConvolution) twin.getLayer("c1").conf().getLayer();
        assertTrue(c1.hasBias());
        assertEquals(Activation.RELU.getActivationFunction(), c1.getActivationFn());
        assertEquals(Activation.TANH.getActivationFunction(), twin.getLayer("c3").conf().getLayer() instanceof
                NativeConvolution c3 ? c3.getActivationFn() : null);
        assertFalse(((NativeConvolution) twin.getLayer("c4").conf().getLayer()).hasBias(), "c4 also feeds the merge");

        INDArray x = batch(format, 99).getFeatures();
        INDArray expected = net.outputSingle(false, x).dup();
        assertClose(expected, twin.outputSingle(false, x), "folded");
        // the folded layers themselves, relative to their magnitude (pooling would hide small errors)
        var before = net.feedForward(x, false);
        var after = twin.feedForward(x, false);
        for (String[] pair : new String[][] {{"n1", "c1"}, {"n3", "c3"}, {"n4", "n4"}}) {
            INDArray a = before.get(pair[0]);
            double diff = a.sub(after.get(pair[1])).amaxNumber().doubleValue();
            double scale = a.amaxNumber().doubleValue();
            assertTrue(scale > 0.1 && diff <= 1e-5 * scale, pair[0] + " vs the twin's " + pair[1] + ": " + diff
                    + " of " + scale);
        }
        assertClose(expected, new InferenceGraph(net).forward(x, "a test batch"), "through forward");
    }

    private static int order(String layer) {
        return List.of("c1", "c2", "n2", "c3", "c4", "n4", "pool", "out").indexOf(layer);
    }

    @ParameterizedTest
    @EnumSource(CNN2DFormat.class)
    void followsTheSourceWhenItsWeightsChange(CNN2DFormat format) {
        ComputationGraph net = net(format);
        InferenceGraph twin = new InferenceGraph(net);
        INDArray x = batch(format, 99).getFeatures();
        assertClose(net.outputSingle(false, x).dup(), twin.forward(x, "a test batch"), "untrained");
        ComputationGraph first = twin.twin();
        assertSame(first, twin.twin(), "unchanged weights are not folded again");
        long seed = Nd4j.getRandom().getSeed();
        net.fit(batch(format, 1));
        Nd4j.getRandom().setSeed(seed);
        double draw = Nd4j.getRandom().nextDouble();
        Nd4j.getRandom().setSeed(seed);
        assertNotSame(first, twin.twin(), "changed weights are folded again");
        assertEquals(draw, Nd4j.getRandom().nextDouble(), "folding leaves ND4J's random generator alone");

        net.fit(batch(format, 2));   // trained directly, not through pigment
        assertClose(net.outputSingle(false, x).dup(), twin.forward(x, "a test batch"), "after a training step");

        INDArray params = net.params().dup();
        params.muli(0.5);
        net.setParams(params);
        assertClose(net.outputSingle(false, x).dup(), twin.forward(x, "a test batch"), "after setParams");

        net.getLayer("n3").getParam("mean").addi(0.25);   // one running statistic, in place
        assertClose(net.outputSingle(false, x).dup(), twin.forward(x, "a test batch"), "after a statistic changed");
    }
}
