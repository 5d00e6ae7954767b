package dev.pigment.models.engine;

import static dev.pigment.models.engine.LayerChecks.gradients;
import static dev.pigment.models.engine.LayerChecks.random;
import static dev.pigment.models.engine.LayerChecks.values;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import org.deeplearning4j.nn.conf.CNN2DFormat;
import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.conf.ConvolutionMode;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.graph.LayerVertex;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.CnnLossLayer;
import org.deeplearning4j.nn.conf.layers.PoolingType;
import org.deeplearning4j.nn.conf.layers.SubsamplingLayer;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.learning.config.Sgd;
import org.nd4j.linalg.lossfunctions.LossFunctions;

/** pigment's pooling computes DL4J's, forward and backward, on oneDNN where it can. */
class NativeSubsamplingTest {

    private static SubsamplingLayer dl4j(PoolingType type, int k, int s, int pad, ConvolutionMode mode,
                                         CNN2DFormat format) {
        return new SubsamplingLayer.Builder(type).kernelSize(k, k).stride(s, s).padding(pad, pad)
                .convolutionMode(mode).dataFormat(format).build();
    }

    /** input → 3×3 convolution (3 channels, tanh) → pooling (DL4J's or pigment's) → L2 loss per pixel. */
    private static ComputationGraph net(SubsamplingLayer pool, CNN2DFormat format, int h, int w) {
        var g = new NeuralNetConfiguration.Builder().seed(5).updater(new Sgd(0.1))
                .convolutionMode(ConvolutionMode.Same).graphBuilder().addInputs("in")
                .setInputTypes(InputType.convolutional(h, w, 2, format))
                .addLayer("conv", new NativeConvolution.Builder(3, 3).nOut(3).activation(Activation.TANH)
                        .dataFormat(format).build(), "in")
                .addLayer("pool", pool, "conv")
                .addLayer("loss", new CnnLossLayer.Builder(LossFunctions.LossFunction.MSE)
                        .activation(Activation.IDENTITY).format(format).build(), "pool")
                .setOutputs("loss");
        ComputationGraph net = new ComputationGraph(g.build());
        net.init();
        return net;
    }


    @ParameterizedTest
    @CsvSource({"MAX, NHWC, 2, 2, 0, Truncate, 6, 8, 2", "MAX, NHWC, 2, 2, 0, Truncate, 5, 7, 3",
        "MAX, NHWC, 3, 2, 0, Same, 7, 9, 2", "MAX, NHWC, 3, 1, 0, Same, 5, 6, 1", "MAX, NHWC, 3, 2, 1, Truncate, 8, 8, 2",
        "MAX, NCHW, 2, 2, 0, Truncate, 5, 7, 2", "MAX, NCHW, 3, 2, 0, Same, 6, 6, 1", "AVG, NHWC, 2, 2, 0, Truncate, 6, 6, 2"})
    void computesDl4jsPoolingForwardAndBackward(PoolingType type, CNN2DFormat format, int k, int s, int pad,
                                                ConvolutionMode mode, int h, int w, int batch) {
        ComputationGraph expected = net(dl4j(type, k, s, pad, mode, format), format, h, w);
        ComputationGraph actual = net(NativeSubsampling.of(dl4j(type, k, s, pad, mode, format)), format, h, w);
        actual.setParams(expected.params());
        NativeSubsamplingLayer layer = assertInstanceOf(NativeSubsamplingLayer.class, actual.getLayer("pool"));
        boolean nchw = format == CNN2DFormat.NCHW;
        INDArray x = nchw ? random(1, batch, 2, h, w) : random(1, batch, h, w, 2);

        for (boolean training : new boolean[] {false, true}) {
            INDArray want = expected.feedForward(x, training).get("pool");
            INDArray got = actual.feedForward(x, training).get("pool");
            assertArrayEquals(want.shape(), got.shape());
            assertArrayEquals(values(want), values(got), 0f, "training " + training);
        }
        INDArray outShape = expected.feedForward(x, false).get("pool");
        INDArray y = random(2, outShape.shape());
        Map<String, INDArray> e = gradients(expected, x, y);
        Map<String, INDArray> a = gradients(actual, x, y);
        assertEquals(e.keySet(), a.keySet());
        e.forEach((key, value) -> assertArrayEquals(values(value), values(a.get(key)), 1e-6f, key));
        assertEquals(expected.score(), actual.score(), 1e-6);
        // max pooling ran on oneDNN (an inference and a training shape), average pooling as DL4J runs it
        assertEquals(type == PoolingType.MAX && OneDnn.get().isPresent() ? 2 : 0, layer.oneDnnShapes());
    }



    @Test
    void aBackwardPassAfterAnInferencePassRoutesThroughThatPassesInput() {
        SubsamplingLayer conf = dl4j(PoolingType.MAX, 2, 2, 0, ConvolutionMode.Truncate, CNN2DFormat.NHWC);
        ComputationGraph expected = net(conf, CNN2DFormat.NHWC, 6, 6);
        ComputationGraph actual = net(NativeSubsampling.of(conf), CNN2DFormat.NHWC, 6, 6);
        var mgr = org.deeplearning4j.nn.workspace.LayerWorkspaceMgr.noWorkspaces();
        INDArray first = random(4, 2, 6, 6, 3);
        INDArray second = random(5, 2, 6, 6, 3);
        INDArray eps = random(6, 2, 3, 3, 3);
        var pool = actual.getLayer("pool");
        pool.setInput(first, mgr);
        pool.activate(true, mgr);          // records the first input's maxima
        pool.setInput(second, mgr);
        pool.activate(false, mgr);         // an inference pass on another input
        var stock = expected.getLayer("pool");
        stock.setInput(second, mgr);
        stock.activate(false, mgr);
        assertArrayEquals(values(stock.backpropGradient(eps, mgr).getSecond()),
                values(pool.backpropGradient(eps, mgr).getSecond()), 0f);
    }

    @Test
    void survivesJsonAndKeepsEverySetting() {
        SubsamplingLayer from = dl4j(PoolingType.MAX, 3, 2, 1, ConvolutionMode.Truncate, CNN2DFormat.NHWC);
        ComputationGraph net = net(NativeSubsampling.of(from), CNN2DFormat.NHWC, 8, 8);
        ComputationGraphConfiguration back = ComputationGraphConfiguration.fromJson(net.getConfiguration().toJson());
        var layer = ((LayerVertex) back.getVertices().get("pool")).getLayerConf().getLayer();
        NativeSubsampling pool = assertInstanceOf(NativeSubsampling.class, layer);
        assertArrayEquals(new int[] {3, 3}, pool.getKernelSize());
        assertArrayEquals(new int[] {2, 2}, pool.getStride());
        assertArrayEquals(new int[] {1, 1}, pool.getPadding());
        assertEquals(PoolingType.MAX, pool.getPoolingType());
        assertEquals(CNN2DFormat.NHWC, pool.getCnn2dDataFormat());
        assertEquals(ConvolutionMode.Truncate, pool.getConvolutionMode());
        assertTrue(net.getConfiguration().toJson().contains(NativeSubsampling.class.getName()));
    }
}
