package dev.pigment.models.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.deeplearning4j.exception.DL4JInvalidInputException;
import org.deeplearning4j.gradientcheck.GradientCheckUtil;
import org.deeplearning4j.nn.conf.CNN2DFormat;
import org.deeplearning4j.nn.conf.ConvolutionMode;
import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.ConvolutionLayer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.conf.layers.PoolingType;
import org.deeplearning4j.nn.conf.layers.SubsamplingLayer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.util.ModelSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.config.NoOp;
import org.nd4j.linalg.lossfunctions.LossFunctions;

/** pigment's convolution computes exactly what DL4J's own layer computes, forward and backward. */
class NativeConvolutionTest {
    @TempDir
    Path dir;

    private static MultiLayerNetwork net(boolean pigment, CNN2DFormat format, ConvolutionMode mode, int stride,
                                         Activation activation, boolean bias, DataType type) {
        return net(pigment, format, mode, stride, activation, bias, type, true);
    }

    private static MultiLayerNetwork net(boolean pigment, CNN2DFormat format, ConvolutionMode mode, int stride,
                                         Activation activation, boolean bias, DataType type, boolean inputGradient) {
        ConvolutionLayer.Builder first = pigment
                ? new NativeConvolution.Builder(3, 3).inputGradient(inputGradient)
                : new ConvolutionLayer.Builder(3, 3);
        ConvolutionLayer.Builder second = pigment ? new NativeConvolution.Builder(2, 2) : new ConvolutionLayer.Builder(2, 2);
        MultiLayerConfiguration conf = new NeuralNetConfiguration.Builder().seed(12).dataType(type)
                .updater(new NoOp()).convolutionMode(mode).list()
                .layer(first.nOut(4).stride(stride, stride).padding(1, 1).activation(activation).hasBias(bias)
                        .dataFormat(format).build())
                .layer(new SubsamplingLayer.Builder(PoolingType.MAX).kernelSize(2, 2).stride(1, 1)
                        .dataFormat(format).build())
                .layer(second.nOut(3).activation(activation).dataFormat(format).build())
                .layer(new OutputLayer.Builder(LossFunctions.LossFunction.MSE).nOut(2)
                        .activation(Activation.IDENTITY).build())
                .setInputType(InputType.convolutional(9, 8, 2, format))
                .build();
        MultiLayerNetwork n = new MultiLayerNetwork(conf);
        n.init();
        return n;
    }

    static Stream<Arguments> configurations() {
        List<Arguments> list = new ArrayList<>();
        for (CNN2DFormat f : CNN2DFormat.values()) {
            for (ConvolutionMode m : new ConvolutionMode[] {ConvolutionMode.Same, ConvolutionMode.Truncate}) {
                for (int s : new int[] {1, 2}) {
                    for (Activation a : new Activation[] {Activation.RELU, Activation.IDENTITY, Activation.TANH}) {
                        list.add(Arguments.of(f, m, s, a, true));
                    }
                }
            }
            list.add(Arguments.of(f, ConvolutionMode.Same, 1, Activation.RELU, false));
        }
        return list.stream();
    }

    @ParameterizedTest
    @MethodSource("configurations")
    void matchesDl4jForwardAndBackward(CNN2DFormat format, ConvolutionMode mode, int stride, Activation activation,
                                       boolean bias) {
        for (boolean inputGradient : new boolean[] {true, false}) {
            compareWithDl4j(format, mode, stride, activation, bias, inputGradient);
        }
    }

    private static void compareWithDl4j(CNN2DFormat format, ConvolutionMode mode, int stride, Activation activation,
                                        boolean bias, boolean inputGradient) {
        MultiLayerNetwork stock = net(false, format, mode, stride, activation, bias, DataType.FLOAT);
        MultiLayerNetwork ours = net(true, format, mode, stride, activation, bias, DataType.FLOAT, inputGradient);
        ours.setParams(stock.params().dup());
        assertInstanceOf(NativeConvolutionLayer.class, ours.getLayer(0));

        INDArray x = format == CNN2DFormat.NCHW ? Nd4j.rand(DataType.FLOAT, 3, 2, 9, 8)
                : Nd4j.rand(DataType.FLOAT, 3, 9, 8, 2);
        x.subi(0.5);
        INDArray y = Nd4j.rand(DataType.FLOAT, 3, 2);
        assertTrue(stock.output(x).equalsWithEps(ours.output(x), 1e-5), "inference output");

        for (MultiLayerNetwork n : new MultiLayerNetwork[] {stock, ours}) {
            n.setInput(x);
            n.setLabels(y);
            n.computeGradientAndScore();
        }
        assertEquals(stock.score(), ours.score(), 1e-5);
        INDArray gs = stock.gradient().gradient();
        INDArray go = ours.gradient().gradient();
        double scale = Math.max(1e-3, gs.amaxNumber().doubleValue());
        assertTrue(gs.sub(go).amaxNumber().doubleValue() / scale < 1e-4,
                "gradients differ (inputGradient " + inputGradient + "): stock " + gs + "\nours " + go);
    }

    static Stream<Arguments> inputGradientCases() {
        List<Arguments> list = new ArrayList<>();
        for (CNN2DFormat f : CNN2DFormat.values()) {
            for (int k : new int[] {1, 3, 5}) {
                list.add(Arguments.of(f, k, 1));
            }
        }
        return list.stream();
    }

    /** The input gradient of a stride-1 "same" layer, computed as a forward convolution, is DL4J's. */
    @ParameterizedTest
    @MethodSource("inputGradientCases")
    void theInputGradientOfAStrideOneLayerIsDl4js(CNN2DFormat format, int kernel, int dilation) {
        MultiLayerNetwork[] nets = new MultiLayerNetwork[2];
        for (int i = 0; i < 2; i++) {
            ConvolutionLayer.Builder conv = i == 1 ? new NativeConvolution.Builder(kernel, kernel)
                    : new ConvolutionLayer.Builder(kernel, kernel);
            MultiLayerConfiguration conf = new NeuralNetConfiguration.Builder().seed(5).dataType(DataType.FLOAT)
                    .updater(new NoOp()).convolutionMode(ConvolutionMode.Same).list()
                    .layer(conv.nOut(5).dilation(dilation, dilation).activation(Activation.TANH).dataFormat(format)
                            .build())
                    .layer(new OutputLayer.Builder(LossFunctions.LossFunction.MSE).nOut(2)
                            .activation(Activation.IDENTITY).build())
                    .setInputType(InputType.convolutional(9, 8, 3, format))
                    .build();
            nets[i] = new MultiLayerNetwork(conf);
            nets[i].init();
        }
        nets[1].setParams(nets[0].params().dup());
        INDArray x = (format == CNN2DFormat.NCHW ? Nd4j.rand(DataType.FLOAT, 2, 3, 9, 8)
                : Nd4j.rand(DataType.FLOAT, 2, 9, 8, 3)).subi(0.5);
        INDArray y = Nd4j.rand(DataType.FLOAT, 2, 2);
        var stockPair = nets[0].calculateGradients(x, y, null, null);
        var oursPair = nets[1].calculateGradients(x, y, null, null);
        INDArray stock = stockPair.getSecond();
        INDArray ours = oursPair.getSecond();
        double scale = Math.max(1e-3, stock.amaxNumber().doubleValue());
        assertTrue(stock.sub(ours).amaxNumber().doubleValue() / scale < 1e-4, "input gradients differ: stock "
                + stock + "\nours " + ours);
        INDArray gs = stockPair.getFirst().gradient();
        INDArray go = oursPair.getFirst().gradient();
        assertTrue(gs.sub(go).amaxNumber().doubleValue() / Math.max(1e-3, gs.amaxNumber().doubleValue()) < 1e-4,
                "weight gradients differ");
    }

    static Stream<Arguments> firstLayerCases() {
        List<Arguments> list = new ArrayList<>();
        for (CNN2DFormat f : CNN2DFormat.values()) {
            for (int[] k : new int[][] {{1, 1}, {2, 2}, {3, 3}, {5, 5}, {2, 3}, {1, 3}}) {
                for (int channels : new int[] {1, 3}) {
                    for (boolean bias : new boolean[] {true, false}) {
                        list.add(Arguments.of(f, k[0], k[1], channels, bias, 1));
                    }
                }
            }
            list.add(Arguments.of(f, 3, 3, 1, true, 2));   // stride 2: im2col
        }
        return list.stream();
    }

    /**
     * The weight and bias gradients of a layer without input gradient (a first layer) are DL4J's: from shifted copies
     * of the padded input for stride-1 "same" layers of odd, even and non-square kernels, gray and colour, with and
     * without bias, and from im2col otherwise.
     */
    @ParameterizedTest
    @MethodSource("firstLayerCases")
    void theWeightGradientOfAFirstLayerIsDl4js(CNN2DFormat format, int kH, int kW, int channels, boolean bias,
                                               int stride) {
        MultiLayerNetwork[] nets = new MultiLayerNetwork[2];
        for (int i = 0; i < 2; i++) {
            ConvolutionLayer.Builder conv = i == 1 ? new NativeConvolution.Builder(kH, kW).inputGradient(false)
                    : new ConvolutionLayer.Builder(kH, kW);
            MultiLayerConfiguration conf = new NeuralNetConfiguration.Builder().seed(9).dataType(DataType.FLOAT)
                    .updater(new NoOp()).convolutionMode(ConvolutionMode.Same).list()
                    .layer(conv.nOut(4).stride(stride, stride).activation(Activation.TANH).hasBias(bias)
                            .dataFormat(format).build())
                    .layer(new OutputLayer.Builder(LossFunctions.LossFunction.MSE).nOut(2)
                            .activation(Activation.IDENTITY).build())
                    .setInputType(InputType.convolutional(7, 6, channels, format))
                    .build();
            nets[i] = new MultiLayerNetwork(conf);
            nets[i].init();
        }
        nets[1].setParams(nets[0].params().dup());
        assertInstanceOf(NativeConvolutionLayer.class, nets[1].getLayer(0));
        // twice with other inputs: the second pass reuses the workspace the first one left behind
        for (int pass = 0; pass < 2; pass++) {
            INDArray x = (format == CNN2DFormat.NCHW ? Nd4j.rand(DataType.FLOAT, 3, channels, 7, 6)
                    : Nd4j.rand(DataType.FLOAT, 3, 7, 6, channels)).subi(0.5);
            INDArray y = Nd4j.rand(DataType.FLOAT, 3, 2);
            INDArray gs = nets[0].calculateGradients(x, y, null, null).getFirst().gradient().dup();
            INDArray go = nets[1].calculateGradients(x, y, null, null).getFirst().gradient().dup();
            assertTrue(gs.sub(go).amaxNumber().doubleValue() / Math.max(1e-3, gs.amaxNumber().doubleValue()) < 1e-4,
                    "gradients differ (pass " + pass + "): stock " + gs + "\nours " + go);
        }
    }

    static Stream<Arguments> chunkedCases() {
        List<Arguments> list = new ArrayList<>();
        for (CNN2DFormat f : CNN2DFormat.values()) {
            list.add(Arguments.of(f, 16, 16, 8, true));    // more input than output channels at 16x16
            list.add(Arguments.of(f, 32, 8, 8, false));    // as many of each at 32x32
        }
        return list.stream();
    }

    /**
     * A batch of 20 through layers whose backward pass runs in chunks of 8, 8 and 4 images
     * ({@link NativeConvolutionLayer#BACKWARD_CHUNK}): the input, weight and bias gradients are DL4J's.
     */
    @ParameterizedTest
    @MethodSource("chunkedCases")
    void theBackwardPassInChunksIsDl4js(CNN2DFormat format, int side, int nIn, int nOut, boolean bias) {
        int[] one = {1, 1};
        assertTrue(NativeConvolutionLayer.chunkedBackward(20, new int[] {3, 3}, one, one, nIn, nOut, side * side));
        assertFalse(NativeConvolutionLayer.chunkedBackward(8, new int[] {3, 3}, one, one, nIn, nOut, side * side),
                "a batch of 8 stays whole");
        assertFalse(NativeConvolutionLayer.chunkedBackward(20, new int[] {3, 3}, one, one, nOut, nIn + 1,
                side * side), "more output than input channels: whole");
        assertFalse(NativeConvolutionLayer.chunkedBackward(20, new int[] {3, 3}, one, one, 64, 64, 14 * 14),
                "the Fashion-MNIST classifier's layers stay whole");
        MultiLayerNetwork[] nets = new MultiLayerNetwork[2];
        for (int i = 0; i < 2; i++) {
            ConvolutionLayer.Builder conv = i == 1 ? new NativeConvolution.Builder(3, 3)
                    : new ConvolutionLayer.Builder(3, 3);
            MultiLayerConfiguration conf = new NeuralNetConfiguration.Builder().seed(5).dataType(DataType.FLOAT)
                    .updater(new NoOp()).convolutionMode(ConvolutionMode.Same).list()
                    .layer(conv.nOut(nIn).activation(Activation.IDENTITY).hasBias(bias).dataFormat(format).build())
                    .layer((i == 1 ? new NativeConvolution.Builder(3, 3) : new ConvolutionLayer.Builder(3, 3))
                            .nOut(nOut).activation(Activation.TANH).hasBias(bias).dataFormat(format).build())
                    .layer(new OutputLayer.Builder(LossFunctions.LossFunction.MSE).nOut(2)
                            .activation(Activation.IDENTITY).build())
                    .setInputType(InputType.convolutional(side, side, 3, format))
                    .build();
            nets[i] = new MultiLayerNetwork(conf);
            nets[i].init();
        }
        nets[1].setParams(nets[0].params().dup());
        int n = 20;
        INDArray x = (format == CNN2DFormat.NCHW ? Nd4j.rand(DataType.FLOAT, n, 3, side, side)
                : Nd4j.rand(DataType.FLOAT, n, side, side, 3)).subi(0.5);
        INDArray y = Nd4j.rand(DataType.FLOAT, n, 2);
        var stockPair = nets[0].calculateGradients(x, y, null, null);
        var oursPair = nets[1].calculateGradients(x, y, null, null);
        INDArray stock = stockPair.getSecond();
        INDArray ours = oursPair.getSecond();
        assertTrue(stock.sub(ours).amaxNumber().doubleValue() / Math.max(1e-3, stock.amaxNumber().doubleValue())
                < 1e-4, "input gradients differ");
        INDArray gs = stockPair.getFirst().gradient();
        INDArray go = oursPair.getFirst().gradient();
        assertTrue(gs.sub(go).amaxNumber().doubleValue() / Math.max(1e-3, gs.amaxNumber().doubleValue()) < 1e-4,
                "weight and bias gradients differ");
    }

    @Test
    void withoutInputGradientAComputationGraphTrains() {
        for (CNN2DFormat format : CNN2DFormat.values()) {
            var conf = new NeuralNetConfiguration.Builder().seed(1).updater(new org.nd4j.linalg.learning.config.Adam(1e-2))
                    .convolutionMode(ConvolutionMode.Same).graphBuilder()
                    .addInputs("in")
                    .addLayer("conv", new NativeConvolution.Builder(3, 3).inputGradient(false).nOut(4)
                            .activation(Activation.RELU).dataFormat(format).build(), "in")
                    .addLayer("out", new OutputLayer.Builder(LossFunctions.LossFunction.MSE).nOut(2)
                            .activation(Activation.IDENTITY).build(), "conv")
                    .setOutputs("out")
                    .setInputTypes(InputType.convolutional(6, 6, 1, format))
                    .build();
            var graph = new org.deeplearning4j.nn.graph.ComputationGraph(conf);
            graph.init();
            INDArray x = format == CNN2DFormat.NCHW ? Nd4j.rand(DataType.FLOAT, 8, 1, 6, 6)
                    : Nd4j.rand(DataType.FLOAT, 8, 6, 6, 1);
            INDArray y = x.reshape(8, 36).sum(true, 1).repeat(1, 2);
            var data = new org.nd4j.linalg.dataset.DataSet(x, y);
            double before = graph.score(data);
            for (int i = 0; i < 30; i++) {
                graph.fit(data);
            }
            assertTrue(graph.score(data) < before / 2, format + ": score " + before + " -> " + graph.score(data));
        }
    }

    @Test
    void passesANumericalGradientCheckInDoublePrecision() {
        DataType defaultType = Nd4j.dataType();
        DataType defaultFloat = Nd4j.defaultFloatingPointType();
        Nd4j.setDefaultDataTypes(DataType.DOUBLE, DataType.DOUBLE);   // GradientCheckUtil requires it
        try {
            checkGradients();
        } finally {
            Nd4j.setDefaultDataTypes(defaultType, defaultFloat);
        }
    }

    private static void checkGradients() {
        for (CNN2DFormat format : CNN2DFormat.values()) {
            MultiLayerNetwork n = net(true, format, ConvolutionMode.Same, 1, Activation.TANH, true, DataType.DOUBLE);
            INDArray x = format == CNN2DFormat.NCHW ? Nd4j.rand(DataType.DOUBLE, 2, 2, 9, 8)
                    : Nd4j.rand(DataType.DOUBLE, 2, 9, 8, 2);
            INDArray y = Nd4j.rand(DataType.DOUBLE, 2, 2);
            boolean ok = GradientCheckUtil.checkGradients(new GradientCheckUtil.MLNConfig().net(n).input(x)
                    .labels(y).epsilon(1e-6).maxRelError(1e-3).minAbsoluteError(1e-8).print(GradientCheckUtil.PrintMode.FAILURES_ONLY));
            assertTrue(ok, "gradient check failed for " + format);
        }
    }

    @Test
    void savesAndLoadsWithDl4jsModelSerializer() throws Exception {
        MultiLayerNetwork n = net(true, CNN2DFormat.NHWC, ConvolutionMode.Same, 1, Activation.RELU, true,
                DataType.FLOAT);
        File f = dir.resolve("net.zip").toFile();
        ModelSerializer.writeModel(n, f, true);
        MultiLayerNetwork back = ModelSerializer.restoreMultiLayerNetwork(f, true);
        assertInstanceOf(NativeConvolution.class, back.getLayerWiseConfigurations().getConf(0).getLayer());
        assertInstanceOf(NativeConvolutionLayer.class, back.getLayer(0));
        INDArray x = Nd4j.rand(DataType.FLOAT, 2, 9, 8, 2);
        assertEquals(n.output(x), back.output(x));
        assertTrue(MultiLayerConfiguration.fromJson(n.getLayerWiseConfigurations().toJson())
                .getConf(0).getLayer() instanceof NativeConvolution);
    }

    @Test
    void wrongInputIsNamed() {
        MultiLayerNetwork n = net(true, CNN2DFormat.NHWC, ConvolutionMode.Same, 1, Activation.RELU, true,
                DataType.FLOAT);
        DL4JInvalidInputException e = assertThrows(DL4JInvalidInputException.class,
                () -> n.output(Nd4j.rand(DataType.FLOAT, 2, 2, 9, 8)));
        assertTrue(e.getMessage().contains("expects 2 input channels (NHWC)"), e.getMessage());
    }
}
