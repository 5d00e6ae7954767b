package dev.pigment.benchmarks;

import dev.pigment.models.classifier.ClassifierConfig;
import dev.pigment.models.colorizer.ColorizerConfig;
import dev.pigment.models.colorizer.ColorizerHead;
import dev.pigment.models.train.Optimizer;
import org.deeplearning4j.nn.conf.CNN2DFormat;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.config.Adam;

/**
 * The models the engine is measured on; a JMH {@code @Param}. Each fixes an input size and a class count; the
 * architecture is built by an {@link EngineVariant}.
 */
public enum Workload {
    /**
     * The engine issue's CNN: conv3×3-32 ReLU, max-pool 2, conv3×3-64 ReLU, max-pool 2, dense 128 ReLU, softmax 10,
     * on 28×28×1 ("same" padding): 8.48 MFLOP forward, 25.45 MFLOP per training image.
     */
    SMALL_CNN(28, 28, 1, 10),
    /**
     * pigment's default classifier for 28×28 gray images ({@code ClassifierConfig.small28(10)}, the Fashion-MNIST
     * model): convolutions with batch normalisation, max pooling, dropout and a hidden dense layer. Built by
     * pigment's builder, so only {@link EngineVariant#PIGMENT} runs it.
     */
    FASHION_CLASSIFIER(28, 28, 1, 10),
    /**
     * pigment's default colorizer ({@code ColorizerConfig.unet64()}, the regression head, with Adam 1e-3 and no
     * weight decay as the other workloads): a U-Net from 64×64 L* to a*b* with an L1 loss, as the PyTorch peer's.
     * Built by pigment's builder, so only {@link EngineVariant#PIGMENT} runs it; {@code classes} is the output
     * channel count.
     */
    COLORIZER(64, 64, 1, 2);

    final int height;
    final int width;
    final int channels;
    final int classes;

    Workload(int height, int width, int channels, int classes) {
        this.height = height;
        this.width = width;
        this.channels = channels;
        this.classes = classes;
    }

    /** The classifier configuration of {@link #FASHION_CLASSIFIER}. */
    static ClassifierConfig classifier(long seed) {
        return ClassifierConfig.small28(10).seed(seed).build();
    }

    /** The colorizer configuration of {@link #COLORIZER}: L1, the loss of the PyTorch peer. */
    static ColorizerConfig colorizer(long seed) {
        return ColorizerConfig.unet64().loss(ColorizerConfig.Loss.L1).optimizer(Optimizer.adam(1e-3)).seed(seed)
                .build();
    }

    /** The head of {@link #COLORIZER}. */
    static ColorizerHead colorizerHead() {
        return ColorizerHead.regression(colorizer(0).loss());
    }

    /** The input type of this workload in {@code format}. */
    InputType inputType(CNN2DFormat format) {
        return InputType.convolutional(height, width, channels, format);
    }

    /**
     * A fixed, learnable batch: inputs uniform in [0, 1) from {@code seed}, except one bright row per image; the
     * class of an image is the horizontal band (of {@code classes}) that holds its bright row.
     */
    DataSet batch(int size, CNN2DFormat format, long seed) {
        if (this == COLORIZER) {
            return colorBatch(size, format, seed);
        }
        java.util.Random random = new java.util.Random(seed);
        float[] x = new float[size * height * width * channels];
        float[] y = new float[size * classes];
        int band = Math.max(1, height / classes);
        for (int i = 0; i < size; i++) {
            int cls = i % classes;
            int bright = Math.min(height - 1, cls * band);
            for (int r = 0; r < height; r++) {
                for (int c = 0; c < width * channels; c++) {
                    x[(i * height + r) * width * channels + c] = r == bright ? 1f : random.nextFloat() * 0.5f;
                }
            }
            y[i * classes + cls] = 1f;
        }
        INDArray nhwc = Nd4j.create(x, new long[] {size, height, width, channels}, 'c');
        INDArray features = format == CNN2DFormat.NHWC ? nhwc : nhwc.permute(0, 3, 1, 2).dup('c');
        return new DataSet(features, Nd4j.create(y, new long[] {size, classes}, 'c'));
    }

    /**
     * A fixed, learnable colorization batch: inputs uniform in [-1, 1) from {@code seed}; the targets a = x / 2 and
     * b = -x / 4 of each pixel's input x (the rule of the PyTorch peer's batch).
     */
    private DataSet colorBatch(int size, CNN2DFormat format, long seed) {
        java.util.Random random = new java.util.Random(seed);
        int pixels = size * height * width;
        float[] x = new float[pixels];
        float[] y = new float[pixels * 2];
        for (int i = 0; i < pixels; i++) {
            x[i] = random.nextFloat() * 2 - 1;
            y[2 * i] = x[i] / 2;
            y[2 * i + 1] = -x[i] / 4;
        }
        INDArray in = Nd4j.create(x, new long[] {size, height, width, 1}, 'c');
        INDArray out = Nd4j.create(y, new long[] {size, height, width, 2}, 'c');
        return format == CNN2DFormat.NHWC ? new DataSet(in, out)
                : new DataSet(in.permute(0, 3, 1, 2).dup('c'), out.permute(0, 3, 1, 2).dup('c'));
    }
}
