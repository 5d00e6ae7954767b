package dev.pigment.models.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.nio.file.Path;
import org.deeplearning4j.nn.conf.CNN2DFormat;
import org.deeplearning4j.nn.conf.ConvolutionMode;
import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.ActivationLayer;
import org.deeplearning4j.nn.conf.layers.BatchNormalization;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.util.ModelSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.config.Sgd;
import org.nd4j.linalg.lossfunctions.LossFunctions;

/**
 * pigment's batch normalisation computes what DL4J's BatchNormalization followed by an ActivationLayer computes:
 * output, score, every gradient (running statistics included) and the parameters after training steps.
 */
class NativeBatchNormalizationTest {
    @TempDir
    Path dir;

    /** conv → BN (→ activation) → dense-free softmax output; DL4J's BN is followed by an ActivationLayer. */
    private static MultiLayerNetwork net(boolean pigment, CNN2DFormat format, Activation activation) {
        var list = new NeuralNetConfiguration.Builder().seed(5).updater(new Sgd(0.1))
                .convolutionMode(ConvolutionMode.Same).list()
                .layer(new NativeConvolution.Builder(3, 3).nOut(4).activation(Activation.IDENTITY).hasBias(false)
                        .dataFormat(format).build());
        if (pigment) {
            list.layer(new NativeBatchNormalization.Builder().dataFormat(format).activation(activation).build());
        } else {
            list.layer(new BatchNormalization.Builder().dataFormat(format).build());
        }
        list.layer(new ActivationLayer.Builder().activation(pigment ? Activation.IDENTITY : activation).build());
        MultiLayerConfiguration conf = list
                .layer(new OutputLayer.Builder(LossFunctions.LossFunction.MCXENT).nOut(3)
                        .activation(Activation.SOFTMAX).build())
                .setInputType(InputType.convolutional(6, 5, 2, format))
                .build();
        MultiLayerNetwork n = new MultiLayerNetwork(conf);
        n.init();
        return n;
    }

    private static INDArray input(CNN2DFormat format) {
        INDArray x = format == CNN2DFormat.NCHW ? Nd4j.rand(DataType.FLOAT, 8, 2, 6, 5)
                : Nd4j.rand(DataType.FLOAT, 8, 6, 5, 2);
        return x.muli(3).addi(1);   // mean and variance far from 0 and 1
    }

    private static INDArray labels() {
        INDArray y = Nd4j.zeros(DataType.FLOAT, 8, 3);
        for (int i = 0; i < 8; i++) {
            y.putScalar(i, i % 3, 1);
        }
        return y;
    }

    /** Equal within {@code eps} relative to the largest magnitude in {@code expected}. */
    private static void assertClose(INDArray expected, INDArray actual, double eps, String what) {
        double scale = Math.max(1, expected.amaxNumber().doubleValue());
        double diff = expected.sub(actual).amaxNumber().doubleValue();
        assertTrue(diff <= eps * scale, what + " differ by " + diff + " (largest magnitude " + scale + ")");
    }

    @ParameterizedTest
    @EnumSource(value = Activation.class, names = {"RELU", "IDENTITY", "TANH"})
    void matchesDl4jInBothLayouts(Activation activation) {
        for (CNN2DFormat format : CNN2DFormat.values()) {
            MultiLayerNetwork stock = net(false, format, activation);
            MultiLayerNetwork ours = net(true, format, activation);
            ours.setParams(stock.params().dup());
            assertInstanceOf(NativeBatchNormalizationLayer.class, ours.getLayer(1));
            INDArray x = input(format);
            INDArray y = labels();
            assertClose(stock.output(x), ours.output(x), 1e-5, format + " inference outputs");
            for (MultiLayerNetwork n : new MultiLayerNetwork[] {stock, ours}) {
                n.setInput(x);
                n.setLabels(y);
                n.computeGradientAndScore();
            }
            assertEquals(stock.score(), ours.score(), 1e-5);
            assertClose(stock.gradient().gradient(), ours.gradient().gradient(), 2e-5, format + " gradients");
            for (int step = 0; step < 3; step++) {
                stock.fit(x, y);
                ours.fit(x, y);
            }
            // the parameters include the running mean and log-std, updated in every step
            assertClose(stock.params(), ours.params(), 1e-4, format + " parameters after 3 steps");
            assertClose(stock.output(x), ours.output(x), 1e-4, format + " outputs after 3 steps");
        }
    }

    @Test
    void normalisesFeatureVectorsAndSerialises() throws Exception {
        MultiLayerConfiguration conf = new NeuralNetConfiguration.Builder().seed(2).updater(new Sgd(0.1)).list()
                .layer(new NativeDense.Builder().nIn(5).nOut(6).activation(Activation.IDENTITY).build())
                .layer(new NativeBatchNormalization.Builder().build())
                .layer(new OutputLayer.Builder(LossFunctions.LossFunction.MCXENT).nOut(3)
                        .activation(Activation.SOFTMAX).build())
                .setInputType(InputType.feedForward(5))
                .build();
        MultiLayerNetwork n = new MultiLayerNetwork(conf);
        n.init();
        INDArray x = Nd4j.rand(DataType.FLOAT, 8, 5).muli(4);
        INDArray normalised = n.feedForward(x, true).get(2);   // [input, dense, BN, output], training mode
        INDArray mean = normalised.mean(0);
        INDArray std = normalised.std(false, 0);
        assertTrue(mean.amaxNumber().doubleValue() < 1e-4, "per-feature mean " + mean);
        assertTrue(std.sub(1).amaxNumber().doubleValue() < 1e-3, "per-feature std " + std);

        n.fit(x, labels());
        File f = dir.resolve("bn.zip").toFile();
        ModelSerializer.writeModel(n, f, true);
        MultiLayerNetwork back = ModelSerializer.restoreMultiLayerNetwork(f, true);
        assertInstanceOf(NativeBatchNormalizationLayer.class, back.getLayer(1));
        assertEquals(n.output(x), back.output(x));
    }
}
