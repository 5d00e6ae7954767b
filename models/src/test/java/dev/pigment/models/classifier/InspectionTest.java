package dev.pigment.models.classifier;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.pigment.core.augment.Augmentation;
import dev.pigment.core.image.Bitmap;
import dev.pigment.core.source.LabelledImages;
import dev.pigment.models.TestTimeAugmentation;
import dev.pigment.models.engine.NetworkSummary.LayerInfo;
import dev.pigment.models.inspect.FeatureMap;
import dev.pigment.models.train.Optimizer;
import dev.pigment.models.train.Training;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Looking inside a classifier trained to tell where a bright square is: left or right. */
class InspectionTest {
    static final List<String> SIDES = List.of("left", "right");
    static final int SIZE = Stripes.SIZE;

    static Classifier trained;
    static LabelledImages test;

    /** A dark noisy image with a bright square in its left (class 0) or right (class 1) half. */
    static Bitmap square(int side, Random r) {
        int s = 4 + r.nextInt(3);
        int x0 = side == 0 ? r.nextInt(SIZE / 2 - s + 1) : SIZE / 2 + r.nextInt(SIZE / 2 - s + 1);
        int y0 = r.nextInt(SIZE - s + 1);
        byte[] px = new byte[SIZE * SIZE];
        for (int y = 0; y < SIZE; y++) {
            for (int x = 0; x < SIZE; x++) {
                boolean in = x >= x0 && x < x0 + s && y >= y0 && y < y0 + s;
                px[y * SIZE + x] = (byte) Math.max(0, Math.min(255, (in ? 210 : 30) + (int) (r.nextGaussian() * 15)));
            }
        }
        return Bitmap.of(SIZE, SIZE, 1, px);
    }

    static LabelledImages squares(int perClass, long seed) {
        Random r = new Random(seed);
        List<Bitmap> images = new ArrayList<>();
        int[] labels = new int[2 * perClass];
        for (int i = 0; i < labels.length; i++) {
            labels[i] = i % 2;
            images.add(square(labels[i], r));
        }
        return new LabelledImages(images, labels, SIDES);
    }

    @BeforeAll
    static void train() throws Exception {
        test = squares(20, 2);
        trained = Classifier.create(Stripes.config(2).optimizer(Optimizer.adam(5e-3)).build(), SIDES);
        trained.train(squares(150, 1), test, Training.builder(6, 3).batchSize(32).build(), Augmentation.none());
        assertTrue(trained.evaluate(test, 1).accuracy() >= 0.95, "the model learns where the square is");
    }

    @Test
    void layersKnowTheirReceptiveFieldsAndStrides() {
        List<LayerInfo> layers = trained.layers();
        LayerInfo first = layers.get(0);
        assertTrue(first.kind().contains("Convolution"), first.toString());
        assertEquals(3, first.receptiveField(), "a 3x3 convolution on the input sees 3x3 pixels");
        assertEquals(1.0, first.stride());
        int field = 0;
        for (LayerInfo l : layers) {
            assertTrue(l.receptiveField() >= field, "fields only grow along this chain: " + layers);
            field = l.receptiveField();
        }
        LayerInfo output = layers.get(layers.size() - 1);
        assertEquals(SIZE, output.receptiveField(), "the output sees the whole input");
        assertTrue(layers.stream().anyMatch(l -> l.stride() == 2.0), "pooling doubles the stride: " + layers);
    }

    @Test
    void activationsAreEveryLayerForOneImageAndEndInTheProbabilities() {
        Bitmap image = test.image(0);
        Map<String, FeatureMap> a = trained.activations(image);
        assertEquals(ClassifierConfig.INPUT, a.keySet().iterator().next());
        FeatureMap input = a.get(ClassifierConfig.INPUT);
        assertEquals(List.of(SIZE, SIZE, 1), List.of(input.height(), input.width(), input.channels()));
        assertEquals((image.get(3, 5, 0)) / 255f, input.get(3, 5, 0), 1e-6, "the input as prediction sees it");
        for (LayerInfo l : trained.layers()) {
            assertTrue(a.containsKey(l.name()), l.name() + " in " + a.keySet());
        }
        FeatureMap out = a.get(ClassifierConfig.OUTPUT);
        assertTrue(out.isVector());
        Prediction p = trained.classify(List.of(image), TestTimeAugmentation.NONE).get(0);
        double left = p.ranking().stream().filter(x -> x.label().equals("left")).findFirst().orElseThrow()
                .probability();
        assertEquals(left, out.values()[0], 1e-5);
        assertEquals(1.0, out.values()[0] + out.values()[1], 1e-5);
    }

    @Test
    void filtersAndEmbeddingHaveTheLayersShapes() {
        List<FeatureMap> filters = trained.firstLayerFilters();
        assertEquals(8, filters.size(), "the first stage has 8 channels");
        assertEquals(List.of(3, 3, 1), List.of(filters.get(0).height(), filters.get(0).width(),
                filters.get(0).channels()));
        List<Bitmap> images = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            images.add(test.image(i));
        }
        float[][] e = trained.embedding(images);
        assertEquals(5, e.length);
        String vertex = trained.embeddingVertex();
        LayerInfo info = trained.layers().stream().filter(l -> l.name().equals(vertex)).findFirst().orElseThrow();
        assertEquals(info.output(), "[" + e[0].length + "]", vertex);
        assertArrayEquals(e[2], trained.embedding(List.of(test.image(2)))[0], 1e-5f, "the same in any batch");
    }

    @Test
    void saliencyPointsAtTheSquareTheClassIsAbout() {
        Random r = new Random(9);
        for (int side = 0; side < 2; side++) {
            FeatureMap s = trained.saliency(square(side, r), side);
            assertEquals(List.of(SIZE, SIZE, 1), List.of(s.height(), s.width(), s.channels()));
            double left = 0;
            double right = 0;
            for (int y = 0; y < SIZE; y++) {
                for (int x = 0; x < SIZE; x++) {
                    if (x < SIZE / 2) {
                        left += s.get(y, x, 0);
                    } else {
                        right += s.get(y, x, 0);
                    }
                }
            }
            // brightening the class's own half raises its probability, the other half lowers it
            assertTrue(side == 0 ? left > right : right > left, SIDES.get(side) + ": " + left + " vs " + right);
        }
        assertThrows(IndexOutOfBoundsException.class, () -> trained.saliency(test.image(0), 2));
    }
}
