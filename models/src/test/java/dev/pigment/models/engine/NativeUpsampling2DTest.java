package dev.pigment.models.engine;

import static dev.pigment.models.engine.LayerChecks.gradients;
import static dev.pigment.models.engine.LayerChecks.random;
import static dev.pigment.models.engine.LayerChecks.values;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Map;
import org.deeplearning4j.nn.conf.CNN2DFormat;
import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.conf.ConvolutionMode;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.CnnLossLayer;
import org.deeplearning4j.nn.conf.layers.Upsampling2D;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.EnumSource;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.config.Sgd;
import org.nd4j.linalg.lossfunctions.LossFunctions;

/** pigment's upsampling computes DL4J's, forward and backward, and the inference twin runs it. */
class NativeUpsampling2DTest {

    /** input → 3×3 convolution (3 channels) → ×size upsampling (DL4J's or pigment's) → L2 loss per pixel. */
    private static ComputationGraph net(CNN2DFormat format, int[] size, boolean native_, int h, int w) {
        Upsampling2D dl4j = new Upsampling2D.Builder().size(size).dataFormat(format).build();
        var g = new NeuralNetConfiguration.Builder().seed(5).updater(new Sgd(0.1))
                .convolutionMode(ConvolutionMode.Same).graphBuilder().addInputs("in")
                .setInputTypes(InputType.convolutional(h, w, 2, format))
                .addLayer("conv", new NativeConvolution.Builder(3, 3).nOut(3).activation(Activation.TANH)
                        .dataFormat(format).build(), "in")
                .addLayer("up", native_ ? NativeUpsampling2D.of(dl4j) : dl4j, "conv")
                .addLayer("loss", new CnnLossLayer.Builder(LossFunctions.LossFunction.MSE).activation(Activation.IDENTITY)
                        .format(format).build(), "up")
                .setOutputs("loss");
        ComputationGraph net = new ComputationGraph(g.build());
        net.init();
        return net;
    }


    @ParameterizedTest
    @CsvSource({"NHWC, 2, 2, 1", "NHWC, 2, 2, 3", "NHWC, 3, 2, 2", "NHWC, 1, 1, 2", "NCHW, 2, 2, 1", "NCHW, 2, 3, 3"})
    void computesDl4jsUpsamplingForwardAndBackward(CNN2DFormat format, int sh, int sw, int batch) {
        int h = 5;
        int w = 7;
        int[] size = {sh, sw};
        ComputationGraph expected = net(format, size, false, h, w);
        ComputationGraph actual = net(format, size, true, h, w);
        actual.setParams(expected.params());
        assertInstanceOf(NativeUpsampling2DLayer.class, actual.getLayer("up"));
        boolean nchw = format == CNN2DFormat.NCHW;
        INDArray x = nchw ? random(1, batch, 2, h, w) : random(1, batch, h, w, 2);
        INDArray y = nchw ? random(2, batch, 3, h * sh, w * sw) : random(2, batch, h * sh, w * sw, 3);

        INDArray out = actual.feedForward(x, false).get("up");
        assertEquals(OneDnn.get().isPresent() ? 1 : 0, ((NativeUpsampling2DLayer) actual.getLayer("up")).oneDnnShapes(),
                "oneDNN's resampling runs the layer where its natives load");
        assertArrayEquals(values(expected.feedForward(x, false).get("up")), values(out));
        assertArrayEquals(nchw ? new long[] {batch, 3, h * sh, w * sw} : new long[] {batch, h * sh, w * sw, 3},
                out.shape());
        // each output pixel is its source pixel
        INDArray conv = actual.feedForward(x, false).get("conv");
        for (int yy = 0; yy < h * sh; yy += 3) {
            for (int xx = 0; xx < w * sw; xx += 2) {
                float got = nchw ? out.getFloat(batch - 1, 2, yy, xx) : out.getFloat(batch - 1, yy, xx, 2);
                float source = nchw ? conv.getFloat(batch - 1, 2, yy / sh, xx / sw)
                        : conv.getFloat(batch - 1, yy / sh, xx / sw, 2);
                assertEquals(source, got, 0, "pixel " + yy + "," + xx);
            }
        }

        Map<String, INDArray> e = gradients(expected, x, y);
        Map<String, INDArray> a = gradients(actual, x, y);
        assertEquals(e.keySet(), a.keySet());
        // oneDNN sums each input gradient's sh × sw terms in its own order: float32 rounding apart
        e.forEach((key, value) -> assertArrayEquals(values(value), values(a.get(key)), 1e-5f, key));
        assertEquals(expected.score(), actual.score(), 1e-6);
    }



    /** Float32 takes oneDNN's resampling (where its natives load), double the strided copies. */
    @ParameterizedTest
    @CsvSource({"NCHW, FLOAT", "NHWC, FLOAT", "NCHW, DOUBLE", "NHWC, DOUBLE"})
    void aTransposedInputIsUpsampledAsItsValues(CNN2DFormat format, DataType type) {
        ComputationGraph net = net(format, new int[] {2, 2}, true, 4, 6);
        NativeUpsampling2DLayer up = (NativeUpsampling2DLayer) net.getLayer("up");
        boolean nchw = format == CNN2DFormat.NCHW;
        // a view whose strides are not row-major: the layer must read values, not memory order
        INDArray stored = random(3, 2, 6, 4, 3).castTo(type);
        INDArray view = nchw ? stored.permute(0, 3, 2, 1) : stored.permute(0, 2, 1, 3);
        up.setInput(view, org.deeplearning4j.nn.workspace.LayerWorkspaceMgr.noWorkspaces());
        INDArray out = up.activate(false, org.deeplearning4j.nn.workspace.LayerWorkspaceMgr.noWorkspaces());
        assertEquals(type, out.dataType());
        assertEquals(type == DataType.FLOAT && OneDnn.get().isPresent() ? 1 : 0, up.oneDnnShapes());
        for (int yy = 0; yy < 8; yy++) {
            for (int xx = 0; xx < 12; xx++) {
                for (int ch = 0; ch < 3; ch++) {
                    double got = nchw ? out.getDouble(1, ch, yy, xx) : out.getDouble(1, yy, xx, ch);
                    double source = nchw ? view.getDouble(1, ch, yy / 2, xx / 2) : view.getDouble(1, yy / 2, xx / 2, ch);
                    assertEquals(source, got, 0);
                }
            }
        }
    }

    @ParameterizedTest
    @EnumSource(CNN2DFormat.class)
    void keepsItsSettingsThroughJsonAndErrsOnAWrongRankAsDl4j(CNN2DFormat format) {
        ComputationGraph net = net(format, new int[] {3, 2}, true, 4, 6);
        ComputationGraphConfiguration back = ComputationGraphConfiguration.fromJson(net.getConfiguration().toJson());
        var layer = ((org.deeplearning4j.nn.conf.graph.LayerVertex) back.getVertices().get("up")).getLayerConf()
                .getLayer();
        NativeUpsampling2D up = assertInstanceOf(NativeUpsampling2D.class, layer);
        assertArrayEquals(new int[] {3, 2}, up.getSize());
        assertEquals(format, up.getFormat());
        assertEquals("up", up.getLayerName());
        org.deeplearning4j.nn.api.Layer impl = net.getLayer("up");
        impl.setInput(Nd4j.ones(DataType.FLOAT, 2, 3, 4), org.deeplearning4j.nn.workspace.LayerWorkspaceMgr.noWorkspaces());
        assertThrows(org.deeplearning4j.exception.DL4JInvalidInputException.class,
                () -> impl.activate(false, org.deeplearning4j.nn.workspace.LayerWorkspaceMgr.noWorkspaces()));
    }

    @ParameterizedTest
    @EnumSource(CNN2DFormat.class)
    void theInferenceTwinRunsPigmentsUpsamplingAndComputesTheSame(CNN2DFormat format) {
        ComputationGraph net = net(format, new int[] {2, 2}, false, 5, 7);
        ComputationGraph twin = InferenceGraph.foldBatchNorm(net);
        assertInstanceOf(NativeUpsampling2DLayer.class, twin.getLayer("up"));
        INDArray x = format == CNN2DFormat.NCHW ? random(4, 2, 2, 5, 7) : random(4, 2, 5, 7, 2);
        assertArrayEquals(values(net.outputSingle(false, x)), values(twin.outputSingle(false, x)));
    }
}
