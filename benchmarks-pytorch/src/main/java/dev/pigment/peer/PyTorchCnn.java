package dev.pigment.peer;

import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import ai.djl.nn.Blocks;
import ai.djl.nn.SequentialBlock;
import ai.djl.nn.convolutional.Conv2d;
import ai.djl.nn.core.Linear;
import ai.djl.nn.pooling.Pool;

/**
 * The engine issue's CNN in DJL, layer for layer the same as pigment's {@code Workload.SMALL_CNN}: conv3×3-32
 * (padding 1) ReLU, max-pool 2, conv3×3-64 ReLU, max-pool 2, dense 128 ReLU, dense 10 (softmax in the loss), NCHW
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
