package dev.pigment.models;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.pigment.core.InputSpec;
import dev.pigment.core.image.Bitmap;
import dev.pigment.core.image.ImageFiles;
import dev.pigment.core.source.PhotoSet;
import dev.pigment.models.classifier.Classifier;
import dev.pigment.models.classifier.ClassifierConfig;
import dev.pigment.models.classifier.Prediction;
import dev.pigment.models.classifier.Stage;
import dev.pigment.models.colorizer.Colorizer;
import dev.pigment.models.colorizer.ColorizerConfig;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.IntFunction;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A loaded model called from many threads gives exactly the results of the same calls made one after another, also
 * when the threads use views that share the network ({@code withTestTimeAugmentation}, an ensemble's members).
 */
class ConcurrencyTest {
    private static final int THREADS = 8;
    private static final int IMAGES = 200;

    private static Bitmap noise(int h, int w, int channels, long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        byte[] px = new byte[h * w * channels];
        for (int i = 0; i < px.length; i++) {
            px[i] = (byte) r.nextInt(256);
        }
        return Bitmap.of(h, w, channels, px);
    }

    /** Runs {@code task(i)} for i in 0..n-1 on 8 threads at once, each thread taking every 8th i. */
    private static <T> List<T> concurrently(int n, IntFunction<T> task) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(THREADS);
        try {
            List<Future<List<T>>> parts = new ArrayList<>();
            for (int t = 0; t < THREADS; t++) {
                int first = t;
                parts.add(pool.submit((Callable<List<T>>) () -> {
                    List<T> out = new ArrayList<>();
                    for (int i = first; i < n; i += THREADS) {
                        out.add(task.apply(i));
                    }
                    return out;
                }));
            }
            List<T> results = new ArrayList<>(java.util.Collections.nCopies(n, null));
            for (int t = 0; t < THREADS; t++) {
                List<T> part = parts.get(t).get();
                for (int k = 0; k < part.size(); k++) {
                    results.set(t + k * THREADS, part.get(k));
                }
            }
            return results;
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void classifierFromEightThreadsMatchesSequentialExactly() throws Exception {
        Classifier plain = Classifier.create(ClassifierConfig.builder(InputSpec.gray(16, 16), 3)
                .stage(Stage.of(8, 1)).stage(Stage.of(16, 1)).hidden(32).seed(5).build(), List.of("a", "b", "c"));
        Classifier flipped = plain.withTestTimeAugmentation(TestTimeAugmentation.HORIZONTAL_FLIP);
        IntFunction<Prediction> call = i -> (i % 2 == 0 ? plain : flipped).classify(noise(16, 16, 1, i));
        List<Prediction> sequential = new ArrayList<>();
        for (int i = 0; i < THREADS * IMAGES; i++) {
            sequential.add(call.apply(i));
        }
        List<Prediction> parallel = concurrently(THREADS * IMAGES, call);
        assertEquals(sequential, parallel);
    }

    @Test
    void colorizerEnsembleFromEightThreadsMatchesSequentialExactly(@TempDir Path dir) throws Exception {
        for (int i = 0; i < 4; i++) {
            ImageFiles.write(noise(24, 32, 3, 100 + i), dir.resolve(i + ".png"));
        }
        PhotoSet training = PhotoSet.load(dir, PhotoSet.Options.defaults().withMinSide(16)).data();
        ColorizerConfig config = ColorizerConfig.builder(InputSpec.lightness(16, 16)).widths(4, 8).workingSide(16)
                .seed(3).build();
        Colorizer a = Colorizer.create(config, training);
        Colorizer b = Colorizer.create(config.toBuilder().seed(4).build(), training);
        Colorizer ensemble = Colorizer.ensemble(List.of(a, b));
        List<Colorizer> views = List.of(a, ensemble, ensemble.withTestTimeAugmentation(
                TestTimeAugmentation.HORIZONTAL_FLIP), b);
        IntFunction<byte[]> call = i -> views.get(i % views.size()).colorize(noise(20 + i % 5, 30, 3, i)).toBytes();
        int n = THREADS * 25;
        List<byte[]> sequential = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            sequential.add(call.apply(i));
        }
        List<byte[]> parallel = concurrently(n, call);
        for (int i = 0; i < n; i++) {
            assertArrayEquals(sequential.get(i), parallel.get(i), "photo " + i);
        }
    }
}
