package dev.pigment.models.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.nio.file.Path;
import org.deeplearning4j.exception.DL4JInvalidInputException;
import org.deeplearning4j.gradientcheck.GradientCheckUtil;
import org.deeplearning4j.nn.conf.CNN2DFormat;
import org.deeplearning4j.nn.conf.ConvolutionMode;
import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.FeedForwardLayer;
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
import org.nd4j.linalg.learning.config.NoOp;
import org.nd4j.linalg.lossfunctions.LossFunctions;

/** pigment's dense layer computes exactly what DL4J's computes, after a convolution in either layout. */
class NativeDenseTest {

    /**
     * oneDNN's {@code sgemm} computes ND4J's {@code gemm} for operands and outputs in c or f order, transposed or not;
     * other data types are left to the caller.
     */
    @ParameterizedTest
    @org.junit.jupiter.params.provider.CsvSource({"c, c, c, false, false", "c, f, c, false, false",
            "c, c, f, true, false", "f, c, c, false, true", "f, f, f, true, true", "c, f, f, false, true"})
    void sgemmComputesNd4jsGemm(char orderA, char orderB, char orderC, boolean transA, boolean transB) {
        org.junit.jupiter.api.Assumptions.assumeTrue(OneDnn.get().isPresent(), "oneDNN's natives load");
        org.nd4j.linalg.api.rng.Random rng = Nd4j.getRandomFactory().getNewRandomInstance(3);
        long m = 7;
        long n = 5;
        long k = 11;
        INDArray a = Nd4j.randn(Nd4j.create(DataType.FLOAT, transA ? new long[] {k, m} : new long[] {m, k}), rng)
                .dup(orderA);
        INDArray b = Nd4j.randn(Nd4j.create(DataType.FLOAT, transB ? new long[] {n, k} : new long[] {k, n}), rng)
                .dup(orderB);
        INDArray expected = Nd4j.create(DataType.FLOAT, new long[] {m, n}, 'c');
        Nd4j.gemm(a, b, expected, transA, transB, 1.0, 0.0);
        INDArray c = Nd4j.create(DataType.FLOAT, new long[] {m, n}, orderC);
        assertTrue(OneDnn.sgemm(a, transA, b, transB, c), "float32 matrices run on oneDNN");
        assertEquals(0.0, expected.sub(c).amaxNumber().doubleValue(), 1e-5);
        assertTrue(!OneDnn.sgemm(a.castTo(DataType.DOUBLE), transA, b.castTo(DataType.DOUBLE), transB,
                Nd4j.create(DataType.DOUBLE, m, n)), "double is ND4J's");
        assertThrows(IllegalArgumentException.class, () -> OneDnn.sgemm(a, !transA, b, transB, c));
    }
    @TempDir
    Path dir;

    private static MultiLayerNetwork net(boolean pigment, CNN2DFormat format, Activation activation, DataType type) {
        FeedForwardLayer dense = pigment
                ? new NativeDense.Builder().nOut(6).activation(activation).build()
                : new DenseLayer.Builder().nOut(6).activation(activation).build();
        MultiLayerConfiguration conf = new NeuralNetConfiguration.Builder().seed(3).dataType(type)
                .updater(new NoOp()).convolutionMode(ConvolutionMode.Same).list()
                .layer(new NativeConvolution.Builder(3, 3).nOut(3).activation(Activation.TANH).dataFormat(format)
                        .build())
                .layer(dense)
                .layer(new OutputLayer.Builder(LossFunctions.LossFunction.MCXENT).nOut(3)
                        .activation(Activation.SOFTMAX).build())
                .setInputType(InputType.convolutional(5, 4, 2, format))
                .build();
        MultiLayerNetwork n = new MultiLayerNetwork(conf);
        n.init();
        return n;
    }

    private static INDArray input(CNN2DFormat format, DataType type) {
        return format == CNN2DFormat.NCHW ? Nd4j.rand(type, 4, 2, 5, 4) : Nd4j.rand(type, 4, 5, 4, 2);
    }

    private static INDArray labels(DataType type) {
        INDArray y = Nd4j.zeros(type, 4, 3);
        for (int i = 0; i < 4; i++) {
            y.putScalar(i, i % 3, 1);
        }
        return y;
    }

    @ParameterizedTest
    @EnumSource(value = Activation.class, names = {"RELU", "IDENTITY", "TANH", "SIGMOID"})
    void matchesDl4jInBothLayouts(Activation activation) {
        for (CNN2DFormat format : CNN2DFormat.values()) {
            MultiLayerNetwork stock = net(false, format, activation, DataType.FLOAT);
            MultiLayerNetwork ours = net(true, format, activation, DataType.FLOAT);
            ours.setParams(stock.params().dup());
            assertInstanceOf(NativeDenseLayer.class, ours.getLayer(1));
            INDArray x = input(format, DataType.FLOAT).subi(0.5);
            INDArray y = labels(DataType.FLOAT);
            assertTrue(stock.output(x).equalsWithEps(ours.output(x), 1e-5));
            for (MultiLayerNetwork n : new MultiLayerNetwork[] {stock, ours}) {
                n.setInput(x);
                n.setLabels(y);
                n.computeGradientAndScore();
            }
            assertEquals(stock.score(), ours.score(), 1e-5);
            assertTrue(stock.gradient().gradient().equalsWithEps(ours.gradient().gradient(), 1e-5),
                    format + " gradients differ");
        }
    }

    @Test
    void passesANumericalGradientCheckAndSerialises() throws Exception {
        DataType defaultType = Nd4j.dataType();
        DataType defaultFloat = Nd4j.defaultFloatingPointType();
        Nd4j.setDefaultDataTypes(DataType.DOUBLE, DataType.DOUBLE);   // GradientCheckUtil requires it
        try {
            MultiLayerNetwork n = net(true, CNN2DFormat.NHWC, Activation.TANH, DataType.DOUBLE);
            assertTrue(GradientCheckUtil.checkGradients(new GradientCheckUtil.MLNConfig().net(n)
                    .input(input(CNN2DFormat.NHWC, DataType.DOUBLE)).labels(labels(DataType.DOUBLE))
                    .epsilon(1e-6).maxRelError(1e-3).minAbsoluteError(1e-8)
                    .print(GradientCheckUtil.PrintMode.FAILURES_ONLY)));
        } finally {
            Nd4j.setDefaultDataTypes(defaultType, defaultFloat);
        }
        MultiLayerNetwork n = net(true, CNN2DFormat.NHWC, Activation.RELU, DataType.FLOAT);
        File f = dir.resolve("dense.zip").toFile();
        ModelSerializer.writeModel(n, f, true);
        MultiLayerNetwork back = ModelSerializer.restoreMultiLayerNetwork(f, true);
        assertInstanceOf(NativeDenseLayer.class, back.getLayer(1));
        INDArray x = input(CNN2DFormat.NHWC, DataType.FLOAT);
        assertEquals(n.output(x), back.output(x));
    }

    @Test
    void wrongInputIsNamed() {
        MultiLayerConfiguration conf = new NeuralNetConfiguration.Builder().list()
                .layer(new NativeDense.Builder().nIn(7).nOut(2).build())
                .layer(new OutputLayer.Builder().nIn(2).nOut(2).build()).build();
        MultiLayerNetwork n = new MultiLayerNetwork(conf);
        n.init();
        DL4JInvalidInputException e = assertThrows(DL4JInvalidInputException.class,
                () -> n.output(Nd4j.rand(DataType.FLOAT, 3, 5)));
        assertTrue(e.getMessage().contains("expects input of shape [n, 7], got [3, 5]"), e.getMessage());
    }
}
