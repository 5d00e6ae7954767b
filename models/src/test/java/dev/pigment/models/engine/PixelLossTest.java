package dev.pigment.models.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.deeplearning4j.nn.conf.CNN2DFormat;
import org.deeplearning4j.nn.conf.ConvolutionMode;
import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.CnnLossLayer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.config.NoOp;
import org.nd4j.linalg.lossfunctions.impl.LossL1;
import org.nd4j.linalg.lossfunctions.ILossFunction;
import org.nd4j.linalg.lossfunctions.impl.LossMCXENT;
import org.nd4j.linalg.lossfunctions.impl.LossMSE;
import org.nd4j.linalg.ops.transforms.Transforms;

class PixelLossTest {
    private static MultiLayerNetwork net(CNN2DFormat format, boolean pigment, boolean softmax) {
        return net(format, pigment, softmax ? new LossMCXENT(Nd4j.ones(DataType.DOUBLE, 5)) : new LossL1());
    }

    private static MultiLayerNetwork net(CNN2DFormat format, boolean pigment, ILossFunction loss) {
        Activation act = loss instanceof LossMCXENT ? Activation.SOFTMAX : Activation.IDENTITY;
        MultiLayerConfiguration conf = new NeuralNetConfiguration.Builder().seed(4).dataType(DataType.DOUBLE)
                .updater(new NoOp()).convolutionMode(ConvolutionMode.Same).list()
                .layer(new NativeConvolution.Builder(3, 3).nOut(5).activation(Activation.IDENTITY).dataFormat(format)
                        .build())
                .layer(pigment ? PixelLoss.of(loss, act, format)
                        : new CnnLossLayer.Builder(loss).activation(act).format(format).build())
                .setInputType(InputType.convolutional(6, 7, 2, format))
                .build();
        MultiLayerNetwork n = new MultiLayerNetwork(conf);
        n.init();
        return n;
    }

    /** Uniform values in [0, 1) from {@code seed}, without touching ND4J's global generator. */
    private static INDArray uniform(long seed, long... shape) {
        java.util.Random r = new java.util.Random(seed);
        double[] v = new double[(int) java.util.Arrays.stream(shape).reduce(1, (a, b) -> a * b)];
        for (int i = 0; i < v.length; i++) {
            v[i] = r.nextDouble();
        }
        return Nd4j.create(v, shape, 'c');
    }

    @Test
    void softmaxScoreInNhwcIsTheCrossEntropyOverChannels() {
        INDArray x = uniform(12, 3, 6, 7, 2);
        INDArray z = uniform(13, 3, 6, 7, 5).addi(0.1);
        z.divi(z.sum(true, 3));
        MultiLayerNetwork nhwc = net(CNN2DFormat.NHWC, true, true);
        INDArray p = nhwc.output(x);
        double expected = -z.mul(Transforms.log(p)).sumNumber().doubleValue() / 3;
        assertEquals(expected, nhwc.score(new DataSet(x, z)), 1e-9);
        // the same network in NCHW with DL4J's own layer (whose score is right in NCHW) agrees
        MultiLayerNetwork nchw = net(CNN2DFormat.NCHW, false, true);
        nchw.setParams(nhwc.params());
        assertEquals(expected, nchw.score(new DataSet(x.permute(0, 3, 1, 2), z.permute(0, 3, 1, 2))), 1e-9);
    }

    @Test
    void l1ScoreAndGradientMatchDl4j() {
        INDArray x = uniform(14, 3, 6, 7, 2);
        INDArray y = uniform(15, 3, 6, 7, 5);
        MultiLayerNetwork ours = net(CNN2DFormat.NHWC, true, false);
        MultiLayerNetwork theirs = net(CNN2DFormat.NHWC, false, false);
        theirs.setParams(ours.params());
        DataSet ds = new DataSet(x, y);
        assertEquals(theirs.score(ds), ours.score(ds), 1e-12);
        ours.setInput(x);
        ours.setLabels(y);
        ours.computeGradientAndScore();
        theirs.setInput(x);
        theirs.setLabels(y);
        theirs.computeGradientAndScore();
        assertEquals(0, ours.gradient().gradient().sub(theirs.gradient().gradient()).norm2Number().doubleValue(),
                1e-12);
    }

    @Test
    void squaredErrorInNhwcIsTheMeanOverChannelsAndItsGradientMatchesNchw() {
        INDArray x = uniform(16, 3, 6, 7, 2);
        INDArray y = uniform(17, 3, 6, 7, 5);
        MultiLayerNetwork nhwc = net(CNN2DFormat.NHWC, true, new LossMSE());
        INDArray p = nhwc.output(x);
        // per pixel the mean of the 5 channels' squared errors, summed over pixels, per example
        double expected = Transforms.pow(p.sub(y), 2).sumNumber().doubleValue() / 5 / 3;
        DataSet ds = new DataSet(x, y);
        assertEquals(expected, nhwc.score(ds), 1e-9);
        // DL4J's own layer in NCHW has the right score and gradient there: ours in NHWC agrees with both
        MultiLayerNetwork nchw = net(CNN2DFormat.NCHW, false, new LossMSE());
        nchw.setParams(nhwc.params());
        INDArray xc = x.permute(0, 3, 1, 2).dup();
        INDArray yc = y.permute(0, 3, 1, 2).dup();
        assertEquals(expected, nchw.score(new DataSet(xc, yc)), 1e-9);
        nhwc.setInput(x);
        nhwc.setLabels(y);
        nhwc.computeGradientAndScore();
        nchw.setInput(xc);
        nchw.setLabels(yc);
        nchw.computeGradientAndScore();
        INDArray ours = nhwc.gradient().gradient();
        assertEquals(0, ours.sub(nchw.gradient().gradient()).norm2Number().doubleValue(), 1e-9);
        assertEquals(true, ours.norm2Number().doubleValue() > 1e-3, "a real gradient");
    }
}
