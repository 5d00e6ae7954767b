package dev.pigment.core.source;

import dev.pigment.core.Seeds;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * A seeded division of item indices {@code 0..n-1} into train and test. {@link #stratified} keeps each class's
 * share in both parts (DataVec's {@code BalancedPathFilter} instead drops items to equalise classes, and
 * {@code FileSplit.sample} ignores classes); {@link #random} ignores labels. Both parts are sorted.
 */
public final class Split {
    private final int[] train;
    private final int[] test;

    private Split(int[] train, int[] test) {
        Arrays.sort(train);
        Arrays.sort(test);
        this.train = train;
        this.test = test;
    }

    /** Indices of the training part, ascending. */
    public int[] train() {
        return train.clone();
    }

    /** Indices of the test part, ascending. */
    public int[] test() {
        return test.clone();
    }

    /**
     * Splits per class: of a class's {@code k} items, {@code round(k × testFraction)} go to test, but at least one
     * when {@code k >= 2} and {@code testFraction > 0}, and never all of them when {@code testFraction < 1}.
     *
     * @param labels the class of each item, in {@code 0..numClasses-1}
     * @param numClasses the number of classes
     * @param testFraction share of each class that goes to test, in [0, 1]
     * @param seed the seed; the same arguments always give the same split
     * @return the split
     * @throws IllegalArgumentException if {@code testFraction} is outside [0, 1] or a label is out of range
     */
    public static Split stratified(int[] labels, int numClasses, double testFraction, long seed) {
        checkFraction(testFraction);
        List<List<Integer>> byClass = new ArrayList<>();
        for (int c = 0; c < numClasses; c++) {
            byClass.add(new ArrayList<>());
        }
        for (int i = 0; i < labels.length; i++) {
            if (labels[i] < 0 || labels[i] >= numClasses) {
                throw new IllegalArgumentException("label " + labels[i] + " of item " + i + " is not in 0.."
                        + (numClasses - 1));
            }
            byClass.get(labels[i]).add(i);
        }
        int[] train = new int[labels.length];
        int[] test = new int[labels.length];
        int nTrain = 0;
        int nTest = 0;
        for (int c = 0; c < numClasses; c++) {
            int[] items = byClass.get(c).stream().mapToInt(Integer::intValue).toArray();
            Seeds.shuffle(items, Seeds.stream(seed, 0, c));
            int k = items.length;
            int t = (int) Math.round(k * testFraction);
            if (k >= 2 && testFraction > 0 && t == 0) {
                t = 1;
            }
            if (testFraction < 1 && t == k && k >= 1) {
                t = k - 1;
            }
            for (int i = 0; i < k; i++) {
                if (i < t) {
                    test[nTest++] = items[i];
                } else {
                    train[nTrain++] = items[i];
                }
            }
        }
        return new Split(Arrays.copyOf(train, nTrain), Arrays.copyOf(test, nTest));
    }

    /**
     * Splits {@code n} unlabelled items, seeded by {@code seed}: {@code round(n × testFraction)} go to test.
     *
     * @throws IllegalArgumentException if {@code testFraction} is outside [0, 1]
     */
    public static Split random(int n, double testFraction, long seed) {
        checkFraction(testFraction);
        int[] items = new int[n];
        for (int i = 0; i < n; i++) {
            items[i] = i;
        }
        Seeds.shuffle(items, Seeds.stream(seed, 0, -1));
        int t = (int) Math.round(n * testFraction);
        return new Split(Arrays.copyOfRange(items, t, n), Arrays.copyOf(items, t));
    }

    /**
     * K-fold cross-validation of {@code n} unlabelled items: the items in a seeded order are dealt into {@code k}
     * folds; split {@code f} tests on fold {@code f} and trains on the rest, so every item is tested exactly once.
     *
     * @return the {@code k} splits, by fold
     * @throws IllegalArgumentException unless {@code 2 <= k <= n}
     */
    public static java.util.List<Split> folds(int n, int k, long seed) {
        if (k < 2 || k > n) {
            throw new IllegalArgumentException("need 2 <= folds <= " + n + " items, got " + k);
        }
        int[] items = new int[n];
        for (int i = 0; i < n; i++) {
            items[i] = i;
        }
        Seeds.shuffle(items, Seeds.stream(seed, 0, -1));
        java.util.List<Split> out = new java.util.ArrayList<>();
        for (int f = 0; f < k; f++) {
            int[] test = new int[(n - f + k - 1) / k];
            int[] train = new int[n - test.length];
            int a = 0;
            int b = 0;
            for (int i = 0; i < n; i++) {
                if (i % k == f) {
                    test[a++] = items[i];
                } else {
                    train[b++] = items[i];
                }
            }
            Arrays.sort(test);
            Arrays.sort(train);
            out.add(new Split(train, test));
        }
        return out;
    }

    private static void checkFraction(double f) {
        if (!(f >= 0 && f <= 1)) {
            throw new IllegalArgumentException("testFraction must be in [0, 1], got " + f);
        }
    }
}
