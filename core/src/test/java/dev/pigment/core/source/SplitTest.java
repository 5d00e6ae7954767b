package dev.pigment.core.source;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Arrays;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class SplitTest {
    private static final int[] LABELS = IntStream.range(0, 230).map(i -> i < 100 ? 0 : i < 200 ? 1 : 2).toArray();

    @Test
    void stratifiedKeepsEachClassShareAndCoversEveryItemOnce() {
        Split s = Split.stratified(LABELS, 3, 0.2, 7);
        int[] perClassTest = new int[3];
        for (int i : s.test()) {
            perClassTest[LABELS[i]]++;
        }
        assertArrayEquals(new int[] {20, 20, 6}, perClassTest);
        int[] all = IntStream.concat(Arrays.stream(s.train()), Arrays.stream(s.test())).sorted().toArray();
        assertArrayEquals(IntStream.range(0, 230).toArray(), all);
    }

    @Test
    void sameSeedSameSplitOtherSeedOtherSplit() {
        assertArrayEquals(Split.stratified(LABELS, 3, 0.2, 7).test(), Split.stratified(LABELS, 3, 0.2, 7).test());
        assertFalse(Arrays.equals(Split.stratified(LABELS, 3, 0.2, 7).test(),
                Split.stratified(LABELS, 3, 0.2, 8).test()));
        assertArrayEquals(Split.random(50, 0.3, 1).test(), Split.random(50, 0.3, 1).test());
        assertEquals(15, Split.random(50, 0.3, 1).test().length);
    }

    @Test
    void smallClassesKeepOneItemOnEachSide() {
        int[] labels = {0, 0, 1, 1, 1, 2};
        Split s = Split.stratified(labels, 3, 0.1, 1);
        int[] perClassTest = new int[3];
        for (int i : s.test()) {
            perClassTest[labels[i]]++;
        }
        assertArrayEquals(new int[] {1, 1, 0}, perClassTest);
        assertEquals(0, Split.stratified(labels, 3, 0.0, 1).test().length);
        assertEquals(6, Split.stratified(labels, 3, 1.0, 1).test().length);
    }

    @Test
    void rejectsBadArguments() {
        assertThrows(IllegalArgumentException.class, () -> Split.stratified(LABELS, 3, 1.5, 1));
        assertThrows(IllegalArgumentException.class, () -> Split.stratified(new int[] {0, 3}, 3, 0.5, 1));
    }

    @Test
    void foldsTestEveryItemExactlyOnce() {
        java.util.List<Split> folds = Split.folds(11, 3, 5);
        assertEquals(3, folds.size());
        int[] tested = new int[11];
        for (Split f : folds) {
            assertEquals(11, f.train().length + f.test().length);
            for (int i : f.test()) {
                tested[i]++;
            }
            for (int i : f.train()) {
                assertFalse(Arrays.stream(f.test()).anyMatch(t -> t == i), "item " + i + " on both sides");
            }
        }
        for (int c : tested) {
            assertEquals(1, c);
        }
        assertEquals(4, folds.get(0).test().length);
        assertEquals(3, folds.get(2).test().length);
        assertThrows(IllegalArgumentException.class, () -> Split.folds(3, 4, 1));
        assertThrows(IllegalArgumentException.class, () -> Split.folds(3, 1, 1));
    }
}
