package dev.pigment.core.dataset;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.pigment.core.InputSpec;
import dev.pigment.core.TestImages;
import dev.pigment.core.augment.Augmentation;
import dev.pigment.core.image.Bitmap;
import dev.pigment.core.source.LabelledImages;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.deeplearning4j.nn.conf.CNN2DFormat;
import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.ConvolutionLayer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.learning.config.Adam;
import org.nd4j.linalg.lossfunctions.LossFunctions;

class ClassificationIteratorTest {
    /** 10 images; image i is flat gray of value 10*i and has label i % 3. */
    private static LabelledImages tenImages() {
        List<Bitmap> images = new ArrayList<>();
        int[] labels = new int[10];
        for (int i = 0; i < 10; i++) {
            byte[] px = new byte[8 * 8];
            java.util.Arrays.fill(px, (byte) (10 * i));
            images.add(Bitmap.of(8, 8, 1, px));
            labels[i] = i % 3;
        }
        return new LabelledImages(images, labels, List.of("a", "b", "c"));
    }

    private static int imageIndex(DataSet ds, int row) {
        return Math.round(ds.getFeatures().getFloat(row, 0, 0, 0) * 255 / 10);
    }

    @Test
    void batchesHaveSpecShapesOneHotLabelsAndCoverTheEpochOnce() {
        ClassificationIterator it = ClassificationIterator.builder(tenImages(),
                InputSpec.gray(8, 8).withFormat(CNN2DFormat.NCHW)).batchSize(4).build();
        assertEquals(List.of("a", "b", "c"), it.getLabels());
        List<Integer> seen = new ArrayList<>();
        int batches = 0;
        while (it.hasNext()) {
            DataSet ds = it.next();
            batches++;
            assertEquals(4, ds.getFeatures().rank());
            assertEquals(1, ds.getFeatures().size(1));
            for (int r = 0; r < ds.numExamples(); r++) {
                int index = imageIndex(ds, r);
                seen.add(index);
                assertArrayEquals(new float[] {index % 3 == 0 ? 1 : 0, index % 3 == 1 ? 1 : 0, index % 3 == 2 ? 1 : 0},
                        ds.getLabels().getRow(r).toFloatVector());
            }
        }
        assertEquals(3, batches);
        assertEquals(List.of(0, 1, 2, 3, 4, 5, 6, 7, 8, 9), seen);
        assertThrows(java.util.NoSuchElementException.class, it::next);
    }

    @Test
    void labelSmoothingSpreadsEpsilonOverTheClasses() {
        ClassificationIterator it = ClassificationIterator.builder(tenImages(), InputSpec.gray(8, 8)).batchSize(10)
                .labelSmoothing(0.3).build();
        DataSet ds = it.next();
        for (int i = 0; i < 10; i++) {
            int label = tenImages().label(i);
            for (int c = 0; c < 3; c++) {
                assertEquals(c == label ? 0.7 + 0.1 : 0.1, ds.getLabels().getDouble(i, c), 1e-6);
            }
            assertEquals(1.0, ds.getLabels().getRow(i).sumNumber().doubleValue(), 1e-6);
        }
        assertThrows(IllegalArgumentException.class,
                () -> ClassificationIterator.builder(tenImages(), InputSpec.gray(8, 8)).labelSmoothing(1).build());
    }

    @Test
    void shuffleIsSeededPerEpoch() {
        ClassificationIterator a = ClassificationIterator.builder(tenImages(), InputSpec.gray(8, 8))
                .batchSize(10).shuffle(true).seed(9).build();
        ClassificationIterator b = ClassificationIterator.builder(tenImages(), InputSpec.gray(8, 8))
                .batchSize(10).shuffle(true).seed(9).build();
        List<List<Integer>> orders = new ArrayList<>();
        for (int epoch = 0; epoch < 3; epoch++) {
            DataSet da = a.next();
            DataSet db = b.next();
            assertEquals(da.getFeatures(), db.getFeatures());
            List<Integer> order = new ArrayList<>();
            for (int r = 0; r < 10; r++) {
                order.add(imageIndex(da, r));
            }
            assertEquals(10, new HashSet<>(order).size());
            orders.add(order);
            a.reset();
            b.reset();
        }
        assertNotEquals(orders.get(0), orders.get(1));
        assertEquals(3, a.epoch());
    }

    @Test
    void augmentationIsSeededAndNhwcIsHonoured() {
        LabelledImages images = new LabelledImages(List.of(TestImages.pattern(16, 16, 3, 1),
                TestImages.pattern(16, 16, 3, 2)), new int[] {0, 1}, List.of("x", "y"));
        InputSpec spec = InputSpec.rgb(16, 16).withFormat(CNN2DFormat.NHWC);
        Augmentation aug = Augmentation.of(Augmentation.horizontalFlip(0.5), Augmentation.randomShift(2));
        ClassificationIterator a = ClassificationIterator.builder(images, spec).augmentation(aug).seed(4).build();
        ClassificationIterator b = ClassificationIterator.builder(images, spec).augmentation(aug).seed(4).build();
        DataSet da = a.next();
        assertArrayEquals(new long[] {2, 16, 16, 3}, da.getFeatures().shape());
        assertEquals(da.getFeatures(), b.next().getFeatures());
        a.reset();
        Set<Object> epochs = new HashSet<>();
        epochs.add(da.getFeatures());
        epochs.add(a.next().getFeatures());
        assertEquals(2, epochs.size());
        assertThrows(IllegalArgumentException.class,
                () -> ClassificationIterator.builder(images, spec).shuffle(true).build());
    }

    @Test
    void feedsADl4jNetwork() {
        LabelledImages images = tenImages();
        MultiLayerConfiguration conf = new NeuralNetConfiguration.Builder().seed(1).updater(new Adam(1e-2)).list()
                .layer(new ConvolutionLayer.Builder(3, 3).nOut(4).activation(Activation.RELU).build())
                .layer(new OutputLayer.Builder(LossFunctions.LossFunction.MCXENT).nOut(3)
                        .activation(Activation.SOFTMAX).build())
                .setInputType(InputType.convolutional(8, 8, 1))
                .build();
        MultiLayerNetwork net = new MultiLayerNetwork(conf);
        net.init();
        ClassificationIterator it = ClassificationIterator.builder(images,
                InputSpec.gray(8, 8).withFormat(CNN2DFormat.NCHW)).batchSize(5).build();
        double before = net.score(it.next());
        it.reset();
        for (int i = 0; i < 20; i++) {
            net.fit(it);
        }
        it.reset();
        double after = net.score(it.next());
        assertTrue(after < before, "score " + before + " -> " + after);
        assertFalse(Double.isNaN(after));
    }
}
