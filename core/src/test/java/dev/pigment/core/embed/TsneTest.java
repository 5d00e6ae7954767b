package dev.pigment.core.embed;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class TsneTest {
    /** {@code clusters} Gaussian blobs of {@code each} points in {@code dim} dimensions, centres 10 apart. */
    static double[][] blobs(int clusters, int each, int dim, int[] labels, long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        double[][] centres = new double[clusters][dim];
        for (double[] c : centres) {
            for (int d = 0; d < dim; d++) {
                c[d] = r.nextGaussian() * 10;
            }
        }
        double[][] x = new double[clusters * each][dim];
        for (int i = 0; i < x.length; i++) {
            labels[i] = i % clusters;
            for (int d = 0; d < dim; d++) {
                x[i][d] = centres[labels[i]][d] + r.nextGaussian();
            }
        }
        return x;
    }

    @Test
    void keepsKnownClustersApartInThePlane() {
        int[] labels = new int[400];
        double[][] x = blobs(5, 80, 30, labels, 3);
        double[][] map = Tsne.embed(x, Tsne.Options.defaults(1));
        assertEquals(400, map.length);
        assertEquals(2, map[0].length);
        double accuracy = Tsne.neighbourAccuracy(map, labels, 5);
        assertTrue(accuracy > 0.97, "5-NN accuracy in the map: " + accuracy);
        // a random map of the same points keeps nothing: about a fifth
        SplittableRandom r = new SplittableRandom(2);
        double[][] random = new double[400][];
        for (int i = 0; i < random.length; i++) {
            random[i] = new double[] {r.nextDouble(), r.nextDouble()};
        }
        assertTrue(Tsne.neighbourAccuracy(random, labels, 5) < 0.4);
        // and the map is a function of the seed
        assertArrayEquals(map[17], Tsne.embed(x, Tsne.Options.defaults(1))[17]);
    }

    @Test
    void theBarnesHutForcesAgreeWithTheExactOnes() {
        int[] labels = new int[150];
        double[][] x = blobs(3, 50, 10, labels, 5);
        Tsne.Options exact = new Tsne.Options(10, 400, 0, 4);
        Tsne.Options approximate = new Tsne.Options(10, 400, 0.5, 4);
        assertTrue(Tsne.neighbourAccuracy(Tsne.embed(x, exact), labels, 5) > 0.95);
        assertTrue(Tsne.neighbourAccuracy(Tsne.embed(x, approximate), labels, 5) > 0.95);
    }

    @Test
    void refusesWhatItCannotMap() {
        assertThrows(IllegalArgumentException.class, () -> Tsne.embed(new double[20][3], Tsne.Options.defaults(1)));
        assertThrows(IllegalArgumentException.class, () -> Tsne.Options.defaults(1).withPerplexity(1));
        double[][] bad = new double[100][2];
        bad[5][1] = Double.NaN;
        assertThrows(IllegalArgumentException.class, () -> Tsne.embed(bad, Tsne.Options.defaults(1)));
        assertThrows(IllegalArgumentException.class, () -> Tsne.neighbourAccuracy(new double[3][2], new int[2], 1));
    }
}
