package dev.pigment.peer;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Activation;
import ai.djl.nn.Block;
import ai.djl.nn.SequentialBlock;
import ai.djl.nn.convolutional.Conv2d;
import ai.djl.nn.norm.BatchNorm;
import ai.djl.nn.pooling.Pool;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;
import java.util.ArrayList;
import java.util.List;

/**
 * pigment's default colorizer ({@code ColorizerConfig.unet64()}) in DJL, layer for layer, NCHW: per encoder level
 * two × (conv3×3 without bias, padding 1 → batch norm → ReLU), 2×2 max pooling between levels; per decoder level
 * nearest-neighbour ×2 upsampling, conv3×3 → batch norm → ReLU, concatenation with the encoder level of that
 * size, then the two convolutions; a 1×1 convolution with bias to two channels (a*, b*).
 */
final class PyTorchUNet extends AbstractBlock {
    static final int SIZE = 64;

    private final List<Block> encoder = new ArrayList<>();
    private final List<Block> upConvs = new ArrayList<>();
    private final List<Block> decoder = new ArrayList<>();
    private final Block head;

    PyTorchUNet(List<Integer> widths) {
        for (int i = 0; i < widths.size(); i++) {
            encoder.add(addChildBlock("enc" + (i + 1), convs(widths.get(i), 2)));
        }
        for (int i = widths.size() - 2; i >= 0; i--) {
            upConvs.add(addChildBlock("dec" + (i + 1) + "_upconv", convs(widths.get(i), 1)));
            decoder.add(addChildBlock("dec" + (i + 1), convs(widths.get(i), 2)));
        }
        head = addChildBlock("head", Conv2d.builder().setKernelShape(new Shape(1, 1)).setFilters(2).build());
    }

    private static SequentialBlock convs(int filters, int count) {
        SequentialBlock b = new SequentialBlock();
        for (int c = 0; c < count; c++) {
            b.add(Conv2d.builder().setKernelShape(new Shape(3, 3)).optPadding(new Shape(1, 1)).optBias(false)
                    .setFilters(filters).build());
            b.add(BatchNorm.builder().optMomentum(0.9f).optEpsilon(1e-5f).build());
            b.add(Activation::relu);
        }
        return b;
    }

    @Override
    protected NDList forwardInternal(ParameterStore ps, NDList inputs, boolean training,
                                     PairList<String, Object> params) {
        NDArray x = inputs.singletonOrThrow();
        List<NDArray> skips = new ArrayList<>();
        for (int i = 0; i < encoder.size(); i++) {
            x = encoder.get(i).forward(ps, new NDList(x), training).singletonOrThrow();
            skips.add(x);
            if (i < encoder.size() - 1) {
                x = Pool.maxPool2d(x, new Shape(2, 2), new Shape(2, 2), new Shape(0, 0), false);
            }
        }
        for (int k = 0; k < decoder.size(); k++) {
            x = x.repeat(2, 2).repeat(3, 2);
            x = upConvs.get(k).forward(ps, new NDList(x), training).singletonOrThrow();
            x = NDArrays.concat(new NDList(x, skips.get(encoder.size() - 2 - k)), 1);
            x = decoder.get(k).forward(ps, new NDList(x), training).singletonOrThrow();
        }
        return head.forward(ps, new NDList(x), training);
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputs) {
        Shape in = inputs[0];
        return new Shape[] {new Shape(in.get(0), 2, in.get(2), in.get(3))};
    }

    @Override
    protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {
        Shape s = inputShapes[0];
        List<Shape> skipShapes = new ArrayList<>();
        for (int i = 0; i < encoder.size(); i++) {
            encoder.get(i).initialize(manager, dataType, s);
            s = encoder.get(i).getOutputShapes(new Shape[] {s})[0];
            skipShapes.add(s);
            if (i < encoder.size() - 1) {
                s = new Shape(s.get(0), s.get(1), s.get(2) / 2, s.get(3) / 2);
            }
        }
        for (int k = 0; k < decoder.size(); k++) {
            s = new Shape(s.get(0), s.get(1), s.get(2) * 2, s.get(3) * 2);
            upConvs.get(k).initialize(manager, dataType, s);
            s = upConvs.get(k).getOutputShapes(new Shape[] {s})[0];
            Shape skip = skipShapes.get(encoder.size() - 2 - k);
            s = new Shape(s.get(0), s.get(1) + skip.get(1), s.get(2), s.get(3));
            decoder.get(k).initialize(manager, dataType, s);
            s = decoder.get(k).getOutputShapes(new Shape[] {s})[0];
        }
        head.initialize(manager, dataType, s);
    }

    /** Parses {@code 16,32,64,128}. */
    static List<Integer> parseWidths(String text) {
        List<Integer> w = new ArrayList<>();
        for (String part : text.split(",")) {
            w.add(Integer.parseInt(part.trim()));
        }
        return w;
    }

    /**
     * A fixed, learnable batch (the rule of pigment's colorizer workload): inputs uniform in [-1, 1) from
     * {@code seed}, targets a = x / 2 and b = -x / 4 per pixel. Features NCHW [n, 1, 64, 64], labels [n, 2, 64, 64].
     */
    static float[][] batch(int size, long seed) {
        java.util.Random random = new java.util.Random(seed);
        int plane = SIZE * SIZE;
        float[] x = new float[size * plane];
        float[] y = new float[size * plane * 2];
        for (int i = 0; i < size * plane; i++) {
            x[i] = random.nextFloat() * 2 - 1;
            int n = i / plane;
            int p = i % plane;
            y[(n * 2) * plane + p] = x[i] / 2;
            y[(n * 2 + 1) * plane + p] = -x[i] / 4;
        }
        return new float[][] {x, y};
    }
}
