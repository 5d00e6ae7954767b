package dev.pigment.models.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.stream.Stream;
import org.deeplearning4j.nn.conf.CNN2DFormat;
import org.deeplearning4j.nn.conf.ConvolutionMode;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.ConvolutionLayer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.nn.workspace.ArrayType;
import org.deeplearning4j.nn.workspace.LayerWorkspaceMgr;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.DynamicCustomOp;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;
import org.nd4j.linalg.learning.config.NoOp;
import org.nd4j.linalg.ops.transforms.Transforms;
import org.nd4j.linalg.lossfunctions.LossFunctions;

/**
 * oneDNN called directly computes what libnd4j's {@code conv2d} and {@code conv2d_bp} compute (to float rounding),
 * on the shapes of pigment's networks and on views inside larger buffers; layers keep a few shapes' primitives and
 * fall back to libnd4j where oneDNN cannot take the padding. {@link NativeConvolutionTest} compares whole layers with
 * DL4J's, through this path.
 */
class OneDnnConvolutionTest {

    @Test
    void theTestsRunOnOneDnnDirectly() {
        assertTrue(OneDnn.get().isPresent(), "oneDNN natives should load in the tests: " + OneDnn.status());
        assertEquals("", OneDnn.status());
        assertEquals("convolutions, batch normalisation, max pooling and nearest upsampling on oneDNN 2.5.2 directly",
                Engine.layers());
    }

    static Stream<Arguments> shapes() {
        // n, side, nIn, nOut, kernel, stride, nhwc, bias; each on the geometry's layout and on blocked ones
        return Stream.of(
                Arguments.of(32, 16, 32, 64, 3, 1, true, false),    // the colorizer's encoder
                Arguments.of(32, 32, 64, 32, 3, 1, true, false),    // its decoder after a concatenation
                Arguments.of(16, 7, 64, 128, 3, 1, true, false),    // the classifier's last stage
                Arguments.of(8, 64, 16, 2, 1, 1, true, true),       // its 1x1 head
                Arguments.of(16, 28, 1, 32, 3, 1, true, true),      // a gray first layer
                Arguments.of(4, 15, 8, 12, 5, 2, false, true),      // NCHW, odd side, stride 2
                Arguments.of(3, 12, 6, 6, 2, 1, true, false))       // even kernel: asymmetric same padding
                .flatMap(a -> Stream.of(false, true).map(blocked -> {
                    Object[] v = java.util.Arrays.copyOf(a.get(), a.get().length + 1);
                    v[v.length - 1] = blocked;
                    return Arguments.of(v);
                }));
    }

    @ParameterizedTest
    @MethodSource("shapes")
    void matchesLibnd4jsOps(int n, int side, int nIn, int nOut, int k, int s, boolean nhwc, boolean bias,
                            boolean blocked) {
        org.nd4j.linalg.api.rng.Random rng = Nd4j.getRandomFactory().getNewRandomInstance(n * 31L + side);
        long oSide = (side + s - 1) / s;   // same mode
        long[] inShape = nhwc ? new long[] {n, side, side, nIn} : new long[] {n, nIn, side, side};
        long[] outShape = nhwc ? new long[] {n, oSide, oSide, nOut} : new long[] {n, nOut, oSide, oSide};
        INDArray x = Nd4j.randn(Nd4j.create(DataType.FLOAT, inShape), rng);
        INDArray dz = Nd4j.randn(Nd4j.create(DataType.FLOAT, outShape), rng);
        // weights and bias and their gradients as views at an offset into one buffer, as DL4J's parameters are
        long wLength = (long) nOut * nIn * k * k;
        INDArray params = Nd4j.randn(Nd4j.create(DataType.FLOAT, 1, 7 + wLength + nOut), rng).muli(0.2);
        INDArray w = params.get(NDArrayIndex.point(0), NDArrayIndex.interval(7, 7 + wLength)).reshape('c', nOut, nIn, k, k);
        INDArray b = params.get(NDArrayIndex.point(0), NDArrayIndex.interval(7 + wLength, 7 + wLength + nOut));
        INDArray grads = Nd4j.zeros(DataType.FLOAT, 1, 5 + wLength + nOut);
        INDArray gw = grads.get(NDArrayIndex.point(0), NDArrayIndex.interval(5, 5 + wLength)).reshape('c', nOut, nIn, k, k);
        INDArray gb = grads.get(NDArrayIndex.point(0), NDArrayIndex.interval(5 + wLength, 5 + wLength + nOut));

        int[] args = {k, k, s, s, 0, 0, 1, 1, 1, nhwc ? 1 : 0, 1};
        INDArray z = Nd4j.create(DataType.FLOAT, outShape);
        DynamicCustomOp.DynamicCustomOpsBuilder fwd = DynamicCustomOp.builder("conv2d").addOutputs(z)
                .addIntegerArguments(args);
        Nd4j.exec((bias ? fwd.addInputs(x, w.dup(), b.dup()) : fwd.addInputs(x, w.dup())).build());
        INDArray gi = x.ulike();
        INDArray gwRef = gw.ulike();
        INDArray gbRef = Nd4j.create(DataType.FLOAT, nOut);
        DynamicCustomOp.DynamicCustomOpsBuilder bp = DynamicCustomOp.builder("conv2d_bp").addIntegerArguments(args);
        Nd4j.exec((bias ? bp.addInputs(x, w.dup(), b.dup(), dz).addOutputs(gi, gwRef, gbRef)
                : bp.addInputs(x, w.dup(), dz).addOutputs(gi, gwRef)).build());

        int pad = (int) (((oSide - 1) * s + k - side) / 2);
        int rest = (int) ((oSide - 1) * s + k - side) - pad;
        var g = new OneDnnConvolution.Geometry(n, nIn, side, side, nOut, oSide, oSide, k, k, s, s, pad, pad, rest,
                rest, nhwc, bias, true, false);
        try (OneDnnConvolution conv = new OneDnnConvolution(OneDnn.get().orElseThrow(), g, blocked, false)) {
            INDArray out = Nd4j.create(DataType.FLOAT, outShape);
            conv.forward(x, w, bias ? b : null, out, scratch());
            close(z, out, "output");
            INDArray gradIn = x.ulike();
            conv.backward(x, w, dz, gradIn, gw, bias ? gb : null, scratch());
            close(gi, gradIn, "input gradient");
            close(gwRef, gw, "weight gradient");
            if (bias) {
                close(gbRef, gb, "bias gradient");
            }
            assertEquals(0.0, grads.get(NDArrayIndex.point(0), NDArrayIndex.interval(0, 5)).amaxNumber().doubleValue(),
                    "nothing written before the weight gradient's view");
            // a second call reuses the primitives and writes the same
            INDArray again = x.ulike();
            conv.backward(x, w, dz, again, gw, bias ? gb : null, scratch());
            assertEquals(gradIn, again);
            // without the input gradient (a first layer), on twice the output gradient: twice the gradients, exactly
            INDArray gwTwice = gw.mul(2);
            INDArray gbTwice = gb.mul(2);
            gw.assign(0);
            gb.assign(0);
            conv.backward(x, w, dz.mul(2), null, gw, bias ? gb : null, scratch());
            assertEquals(gwTwice, gw);
            if (bias) {
                assertEquals(gbTwice, gb);
            }
            // forward passes on another input and then on this one, through the buffers the backward passes used
            INDArray other = Nd4j.create(DataType.FLOAT, outShape);
            conv.forward(x.mul(-3), w, bias ? b : null, other, scratch());
            INDArray out2 = Nd4j.create(DataType.FLOAT, outShape);
            conv.forward(x, w, bias ? b : null, out2, scratch());
            assertEquals(out, out2);
            // an inference convolution of twice the batch between calls of this one: both still compute the same
            var twice = new OneDnnConvolution.Geometry(2L * n, nIn, side, side, nOut, oSide, oSide, k, k, s, s, pad,
                    pad, rest, rest, nhwc, bias, false, false);
            try (OneDnnConvolution inference = new OneDnnConvolution(OneDnn.get().orElseThrow(), twice, blocked,
                    false)) {
                INDArray both = Nd4j.create(DataType.FLOAT, Nd4j.concat(0, out, out).shape());
                inference.forward(Nd4j.concat(0, x, x), w, bias ? b : null, both, scratch());
                close(Nd4j.concat(0, z, z), both, "output of the doubled batch");
                INDArray afterIt = x.ulike();
                conv.backward(x, w, dz, afterIt, gw, bias ? gb : null, scratch());
                assertEquals(gradIn, afterIt);
            }
        }
    }

    static Stream<Arguments> bf16Shapes() {
        // n, side, nIn, nOut, kernel, bias, blocked
        return Stream.of(
                Arguments.of(32, 16, 32, 64, 3, false, false),   // the colorizer's encoder
                Arguments.of(32, 32, 64, 32, 3, false, false),   // its decoder after a concatenation
                Arguments.of(16, 7, 64, 128, 3, false, false),   // the classifier's last stage
                Arguments.of(16, 28, 1, 32, 3, true, false),     // a gray first layer
                Arguments.of(8, 64, 16, 2, 1, true, false),      // the colorizer's 1x1 head
                Arguments.of(16, 14, 32, 64, 3, true, true));    // on blocked layouts
    }

    /**
     * In bfloat16 a convolution computes what it computes in float32 on its input, output gradient and weights
     * rounded to bfloat16 (to nearest, ties to even), to float32 rounding: the sums stay float32, and nothing else is
     * rounded (the bias, the outputs and the gradients it writes).
     */
    @ParameterizedTest
    @MethodSource("bf16Shapes")
    void inBfloat16ItComputesInFloat32OnRoundedInputs(int n, int side, int nIn, int nOut, int k, boolean bias,
                                                      boolean blocked) {
        OneDnn dnn = OneDnn.get().orElseThrow();
        org.junit.jupiter.api.Assumptions.assumeTrue(dnn.avx512(), "oneDNN 2.5 runs bfloat16 from AVX-512 up");
        org.nd4j.linalg.api.rng.Random rng = Nd4j.getRandomFactory().getNewRandomInstance(n * 17L + nIn);
        INDArray x = Nd4j.randn(Nd4j.create(DataType.FLOAT, n, side, side, nIn), rng);
        INDArray dz = Nd4j.randn(Nd4j.create(DataType.FLOAT, n, side, side, nOut), rng);
        INDArray w = Nd4j.randn(Nd4j.create(DataType.FLOAT, nOut, nIn, k, k), rng).muli(0.2);
        INDArray b = bias ? Nd4j.randn(Nd4j.create(DataType.FLOAT, nOut), rng) : null;
        int pad = (k - 1) / 2;
        var g = new OneDnnConvolution.Geometry(n, nIn, side, side, nOut, side, side, k, k, 1, 1, pad, pad, k - 1 - pad,
                k - 1 - pad, true, bias, true, false);
        INDArray[] expected = run(new OneDnnConvolution(dnn, g, false, false),
                bfloat16(x), bfloat16(w), b, bfloat16(dz));
        INDArray[] plain = run(new OneDnnConvolution(dnn, g, false, false), x, w, b,
                dz);
        INDArray[] actual = run(new OneDnnConvolution(dnn, g, blocked, true), x, w, b,
                dz);
        String[] names = {"output", "input gradient", "weight gradient", "bias gradient"};
        for (int i = 0; i < names.length; i++) {
            if (expected[i] != null) {
                close(expected[i], actual[i], names[i] + " against float32 on rounded inputs");
                double scale = plain[i].amaxNumber().doubleValue();
                double rounding = plain[i].sub(actual[i]).amaxNumber().doubleValue() / scale;
                assertTrue(rounding > 1e-5 && rounding < 2e-2, names[i] + ": bfloat16's rounding shows, "
                        + "within bounds: relative difference from float32 " + rounding);
            }
        }
    }

    /** The output and the input, weight and bias gradients of one forward and backward pass; closes {@code conv}. */
    private static INDArray[] run(OneDnnConvolution conv, INDArray x, INDArray w, INDArray b, INDArray dz) {
        try (conv) {
            INDArray out = dz.ulike();
            conv.forward(x, w, b, out, scratch());
            INDArray gradIn = x.ulike();
            INDArray gradW = w.ulike();
            INDArray gradB = b == null ? null : b.ulike();
            conv.backward(x, w, dz, gradIn, gradW, gradB, scratch());
            return new INDArray[] {out, gradIn, gradW, gradB};
        }
    }

    /** {@code a} rounded to bfloat16's 8 significant bits, to nearest, ties to even, as oneDNN rounds. */
    static INDArray bfloat16(INDArray a) {
        float[] v = a.dup('c').data().asFloat();
        for (int i = 0; i < v.length; i++) {
            int bits = Float.floatToRawIntBits(v[i]);
            bits += 0x7FFF + ((bits >>> 16) & 1);
            v[i] = Float.intBitsToFloat(bits & 0xFFFF0000);
        }
        return Nd4j.create(v, a.shape(), 'c');
    }

    @Test
    void thePrecisionPropertyIsReadOrNamedWhenWrong() {
        assertEquals(null, OneDnn.precisionProperty("auto"));
        assertEquals(Boolean.TRUE, OneDnn.precisionProperty("BF16"));
        assertEquals(Boolean.FALSE, OneDnn.precisionProperty("f32"));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> OneDnn.precisionProperty("fp16"));
        assertTrue(e.getMessage().contains("-Dpigment.onednn.precision=fp16: expected auto, f32 or bf16"),
                e.getMessage());
    }

    @Test
    void theLayoutPropertyIsReadOrNamedWhenWrong() {
        assertEquals(null, OneDnn.layoutProperty("auto"));
        assertEquals(Boolean.TRUE, OneDnn.layoutProperty("Blocked"));
        assertEquals(Boolean.FALSE, OneDnn.layoutProperty("plain"));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> OneDnn.layoutProperty("nchw8c"));
        assertTrue(e.getMessage().contains("-Dpigment.onednn.layout=nchw8c"), e.getMessage());
        // by default few channels, wide inference and large arrays stay on the network's layout on every machine
        org.junit.jupiter.api.Assumptions.assumeTrue(
                "auto".equals(System.getProperty(OneDnn.LAYOUT_PROPERTY, "auto")), "the default layout rule");
        OneDnn dnn = OneDnn.get().orElseThrow();
        assertFalse(dnn.blocked(geometry(128, 1, 32, 28, true)));
        assertFalse(dnn.blocked(geometry(128, 32, 64, 14, true)));
        assertFalse(dnn.blocked(geometry(128, 128, 128, 7, false)));
        assertFalse(dnn.blocked(geometry(32, 16, 16, 64, true)));
        assertFalse(dnn.blocked(geometry(1, 32, 16, 1080, false)));   // 1080×1080, 32 channels: 149 MB
        // wide training convolutions and channel-merging ones alike: blocked exactly where there is no AVX-512
        boolean avx2Only = dnn.blocked(geometry(128, 64, 64, 14, true));
        assertEquals(avx2Only, dnn.blocked(geometry(32, 32, 16, 64, true)));
        assertEquals(avx2Only, dnn.blocked(geometry(8, 128, 64, 16, false)));
        assertFalse(dnn.blocked(geometry(32, 48, 32, 64, true)));   // merging, but fewer than twice as many in
        assertFalse(dnn.blocked(geometry(32, 32, 8, 64, true)));    // merging into fewer than 16 channels
        assertFalse(dnn.blocked(geometry(128, 64, 64, 64, true)));  // wide, but 134 MB in and out
        // 64 MiB exactly is still blocked where the rule applies, one more row is not
        assertEquals(avx2Only, dnn.blocked(geometry(1, 64, 32, 512, false)));
        assertFalse(dnn.blocked(new OneDnnConvolution.Geometry(1, 64, 513, 512, 32, 513, 512, 3, 3, 1, 1, 1, 1, 1, 1,
                true, false, false, false)));
    }

    /** A 3×3 "same" convolution of {@code n} square NHWC images of {@code side} rows, without bias. */
    private static OneDnnConvolution.Geometry geometry(long n, long inC, long outC, long side, boolean training) {
        return new OneDnnConvolution.Geometry(n, inC, side, side, outC, side, side, 3, 3, 1, 1, 1, 1, 1, 1, true,
                false, training, false);
    }

    /** With ReLU fused, the forward pass writes {@code max(0, conv + b)}; training and inference, plain and blocked. */
    @ParameterizedTest
    @CsvSource({"true, false", "false, false", "true, true"})
    void fusesRelu(boolean training, boolean blocked) {
        org.nd4j.linalg.api.rng.Random rng = Nd4j.getRandomFactory().getNewRandomInstance(11);
        INDArray x = Nd4j.randn(Nd4j.create(DataType.FLOAT, 4, 9, 9, 16), rng);
        INDArray w = Nd4j.randn(Nd4j.create(DataType.FLOAT, 24, 16, 3, 3), rng).muli(0.2);
        INDArray b = Nd4j.randn(Nd4j.create(DataType.FLOAT, 24), rng);
        OneDnn dnn = OneDnn.get().orElseThrow();
        INDArray plain = Nd4j.create(DataType.FLOAT, 4, 9, 9, 24);
        INDArray fused = Nd4j.create(DataType.FLOAT, 4, 9, 9, 24);
        try (OneDnnConvolution conv = new OneDnnConvolution(dnn, new OneDnnConvolution.Geometry(4, 16, 9, 9, 24, 9,
                9, 3, 3, 1, 1, 1, 1, 1, 1, true, true, training, false), blocked, false);
             OneDnnConvolution relu = new OneDnnConvolution(dnn, new OneDnnConvolution.Geometry(4, 16, 9, 9, 24, 9,
                     9, 3, 3, 1, 1, 1, 1, 1, 1, true, true, training, true), blocked, false)) {
            conv.forward(x, w, b, plain, scratch());
            relu.forward(x, w, b, fused, scratch());
        }
        assertTrue(plain.minNumber().doubleValue() < 0, "some outputs are negative before ReLU");
        close(Transforms.relu(plain, true), fused, "output with ReLU");
        assertEquals(0.0, fused.minNumber().doubleValue(), "no output below zero");
    }

    @Test
    void refusesArraysOfTheWrongSize() {
        var g = new OneDnnConvolution.Geometry(2, 3, 8, 8, 4, 8, 8, 3, 3, 1, 1, 1, 1, 1, 1, true, false, true, false);
        try (OneDnnConvolution conv = new OneDnnConvolution(OneDnn.get().orElseThrow(), g)) {
            INDArray x = Nd4j.ones(DataType.FLOAT, 2, 8, 8, 3);
            INDArray w = Nd4j.ones(DataType.FLOAT, 4, 3, 3, 3);
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> conv.forward(x, w, null, Nd4j.create(DataType.FLOAT, 1, 8, 8, 4), scratch()));
            assertTrue(e.getMessage().contains("output has 256 elements, expected 512"), e.getMessage());
            assertThrows(IllegalArgumentException.class, () -> conv.backward(x, w, Nd4j.create(DataType.FLOAT, 2, 8,
                    8, 4), Nd4j.create(DataType.FLOAT, 2, 8, 8, 2), w.ulike(), null, scratch()));
        }
    }

    /** Room for one call's blocked or bfloat16 copies, outside any workspace. */
    private static OneDnnConvolution.Scratch scratch() {
        return new OneDnnConvolution.Scratch(LayerWorkspaceMgr.noWorkspaces(), ArrayType.FF_WORKING_MEM);
    }

    private static void close(INDArray expected, INDArray actual, String what) {
        double scale = Math.max(1e-3, expected.amaxNumber().doubleValue());
        double error = expected.sub(actual).amaxNumber().doubleValue() / scale;
        assertTrue(error < 1e-5, what + ": relative error " + error);
    }

    @Test
    void refusesGeometriesItCannotRun() {
        // a negative padding, and an output size the padding does not give
        var g = new OneDnnConvolution.Geometry(1, 1, 10, 10, 1, 4, 4, 3, 3, 2, 2, 0, 0, -1, -1, true, false, true, false);
        assertFalse(g.supported());
        assertFalse(new OneDnnConvolution.Geometry(1, 1, 10, 10, 1, 5, 4, 3, 3, 2, 2, 0, 0, 0, 0, true, false, true,
                false).supported());
        assertThrows(IllegalArgumentException.class, () -> new OneDnnConvolution(OneDnn.get().orElseThrow(), g));
        var inference = new OneDnnConvolution.Geometry(1, 1, 4, 4, 1, 4, 4, 3, 3, 1, 1, 1, 1, 1, 1, true, false,
                false, false);
        try (OneDnnConvolution conv = new OneDnnConvolution(OneDnn.get().orElseThrow(), inference)) {
            INDArray x = Nd4j.ones(DataType.FLOAT, 1, 4, 4, 1);
            assertThrows(IllegalStateException.class, () -> conv.backward(x, Nd4j.ones(DataType.FLOAT, 1, 1, 3, 3),
                    x, null, Nd4j.ones(DataType.FLOAT, 1, 1, 3, 3), null, scratch()));
        }
    }

    private static MultiLayerNetwork net(boolean pigment, ConvolutionMode mode, int side) {
        ConvolutionLayer.Builder conv = pigment ? new NativeConvolution.Builder(3, 3) : new ConvolutionLayer.Builder(3, 3);
        var conf = new NeuralNetConfiguration.Builder().seed(3).updater(new NoOp()).convolutionMode(mode).list()
                .layer(conv.nOut(5).stride(2, 2).activation(Activation.RELU).dataFormat(CNN2DFormat.NHWC).build())
                .layer(new OutputLayer.Builder(LossFunctions.LossFunction.MSE).nOut(2).activation(Activation.IDENTITY)
                        .build())
                .setInputType(InputType.convolutional(side, side, 3, CNN2DFormat.NHWC)).build();
        MultiLayerNetwork n = new MultiLayerNetwork(conf);
        n.init();
        return n;
    }

    @Test
    void aLayerKeepsAFewShapes() {
        for (ConvolutionMode mode : new ConvolutionMode[] {ConvolutionMode.Same, ConvolutionMode.Truncate}) {
            // truncate mode on 10x10 with stride 2 leaves the last column out
            MultiLayerNetwork stock = net(false, mode, 10);
            MultiLayerNetwork ours = net(true, mode, 10);
            ours.setParams(stock.params().dup());
            org.nd4j.linalg.api.rng.Random rng = Nd4j.getRandomFactory().getNewRandomInstance(17);
            for (int batch : new int[] {1, 2, 3, 4, 5, 6, 2, 1}) {
                INDArray x = Nd4j.rand(Nd4j.create(DataType.FLOAT, batch, 10, 10, 3), rng).subi(0.5);
                INDArray y = Nd4j.rand(Nd4j.create(DataType.FLOAT, batch, 2), rng);
                for (MultiLayerNetwork n : new MultiLayerNetwork[] {stock, ours}) {
                    n.setInput(x);
                    n.setLabels(y);
                    n.computeGradientAndScore();
                }
                assertEquals(stock.score(), ours.score(), 1e-5, mode + ", batch " + batch);
                close(stock.gradient().gradient(), ours.gradient().gradient(), mode + " gradients, batch " + batch);
                int shapes = ((NativeConvolutionLayer) ours.getLayer(0)).oneDnnShapes();
                assertTrue(shapes >= 1 && shapes <= OneDnnPrimitives.Cache.SIZE, mode + ", shapes kept: " + shapes);
            }
        }
    }
}
