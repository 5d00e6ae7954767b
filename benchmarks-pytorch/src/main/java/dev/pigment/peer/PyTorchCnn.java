package dev.pigment.peer;

import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import ai.djl.nn.Blocks;
import ai.djl.nn.SequentialBlock;
import ai.djl.nn.convolutional.Conv2d;
import ai.djl.nn.core.Linear;
import ai.djl.nn.norm.BatchNorm;
import ai.djl.nn.norm.Dropout;
import ai.djl.nn.pooling.Pool;
import java.util.ArrayList;
import java.util.List;

/**
 * pigment's benchmark workloads in DJL, layer for layer: the engine issue's CNN ({@link #block()}, pigment's
 * {@code Workload.SMALL_CNN}) and the classifier of pigment's {@code ClassifierConfig} ({@link #classifier}), NCHW
 * 28×28×1.
 */
final class PyTorchCnn {
    static final int HEIGHT = 28;
    static final int WIDTH = 28;
    static final int CLASSES = 10;

    private PyTorchCnn() {
    }

    static SequentialBlock block() {
        return new SequentialBlock()
                .add(Conv2d.builder().setKernelShape(new Shape(3, 3)).optPadding(new Shape(1, 1)).setFilters(32)
                        .build())
                .add(Activation::relu)
                .add(Pool.maxPool2dBlock(new Shape(2, 2), new Shape(2, 2)))
                .add(Conv2d.builder().setKernelShape(new Shape(3, 3)).optPadding(new Shape(1, 1)).setFilters(64)
                        .build())
                .add(Activation::relu)
                .add(Pool.maxPool2dBlock(new Shape(2, 2), new Shape(2, 2)))
                .add(Blocks.batchFlattenBlock())
                .add(Linear.builder().setUnits(128).build())
                .add(Activation::relu)
                .add(Linear.builder().setUnits(CLASSES).build());
    }

    /**
     * A classifier described as pigment's {@code ClassifierConfig} describes one with max-pooling stages and a
     * flattening head: per stage, {@code convolutions} × (conv3×3 without bias, padding 1 → batch norm → ReLU), then
     * max-pool 2 (ceil mode, as DL4J's "same" pooling), then dropout if any; then per hidden width dropout → dense →
     * ReLU; then dropout → dense (softmax in the loss).
     *
     * @param stages {filters, convolutions, dropout per mille} per stage
     */
    static SequentialBlock classifier(List<int[]> stages, List<Integer> hidden, double headDropout) {
        SequentialBlock b = new SequentialBlock();
        for (int[] s : stages) {
            for (int c = 0; c < s[1]; c++) {
                b.add(Conv2d.builder().setKernelShape(new Shape(3, 3)).optPadding(new Shape(1, 1)).optBias(false)
                        .setFilters(s[0]).build());
                b.add(BatchNorm.builder().optMomentum(0.9f).optEpsilon(1e-5f).build());
                b.add(Activation::relu);
            }
            b.add(Pool.maxPool2dBlock(new Shape(2, 2), new Shape(2, 2), new Shape(0, 0), true));
            if (s[2] > 0) {
                b.add(Dropout.builder().optRate(s[2] / 1000f).build());
            }
        }
        b.add(Blocks.batchFlattenBlock());
        for (int width : hidden) {
            if (headDropout > 0) {
                b.add(Dropout.builder().optRate((float) headDropout).build());
            }
            b.add(Linear.builder().setUnits(width).build());
            b.add(Activation::relu);
        }
        if (headDropout > 0) {
            b.add(Dropout.builder().optRate((float) headDropout).build());
        }
        return b.add(Linear.builder().setUnits(CLASSES).build());
    }

    /** Parses {@code 32x1:0,64x2:250} (filters x convolutions : dropout per mille) into stages. */
    static List<int[]> parseStages(String text) {
        List<int[]> stages = new ArrayList<>();
        for (String part : text.split(",")) {
            String[] fd = part.split(":");
            String[] fc = fd[0].split("x");
            stages.add(new int[] {Integer.parseInt(fc[0]), Integer.parseInt(fc[1]), Integer.parseInt(fd[1])});
        }
        return stages;
    }

    /**
     * A fixed, learnable batch (the rule of pigment's workload): inputs uniform in [0, 0.5) from {@code seed} except
     * one bright row per image, whose band gives the class. Features NCHW, labels as class indices.
     */
    static float[][] batch(int size, long seed) {
        java.util.Random random = new java.util.Random(seed);
        float[] x = new float[size * HEIGHT * WIDTH];
        float[] y = new float[size];
        int band = HEIGHT / CLASSES;
        for (int i = 0; i < size; i++) {
            int cls = i % CLASSES;
            int bright = Math.min(HEIGHT - 1, cls * band);
            for (int r = 0; r < HEIGHT; r++) {
                for (int c = 0; c < WIDTH; c++) {
                    x[(i * HEIGHT + r) * WIDTH + c] = r == bright ? 1f : random.nextFloat() * 0.5f;
                }
            }
            y[i] = cls;
        }
        return new float[][] {x, y};
    }
}
