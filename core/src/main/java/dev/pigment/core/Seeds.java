package dev.pigment.core;

import java.util.SplittableRandom;
import java.util.random.RandomGenerator;

/**
 * Derives independent random streams from one explicit seed, so that results do not depend on thread scheduling or
 * on the global ND4J generator: the stream for (seed, epoch, index) is always the same. (pigment touches ND4J's generator
 * only in the training loop, which reseeds it from {@link #epochSeed} at every epoch for dropout.)
 */
public final class Seeds {
    private Seeds() {
    }

    /** SplitMix64's finaliser: a well-mixed 64-bit hash of {@code x}. */
    public static long mix(long x) {
        x += 0x9E3779B97F4A7C15L;
        x = (x ^ (x >>> 30)) * 0xBF58476D1CE4E5B9L;
        x = (x ^ (x >>> 27)) * 0x94D049BB133111EBL;
        return x ^ (x >>> 31);
    }

    /** A generator for item {@code index} of epoch {@code epoch} under {@code seed}. */
    public static SplittableRandom stream(long seed, long epoch, long index) {
        return new SplittableRandom(mix(mix(mix(seed) ^ epoch) ^ index));
    }

    /** The seed of epoch {@code epoch} under {@code seed}. */
    public static long epochSeed(long seed, long epoch) {
        return mix(mix(seed) ^ epoch);
    }

    /** Fisher–Yates shuffle of {@code a} in place. */
    public static void shuffle(int[] a, RandomGenerator random) {
        for (int i = a.length - 1; i > 0; i--) {
            int j = random.nextInt(i + 1);
            int t = a[i];
            a[i] = a[j];
            a[j] = t;
        }
    }
}
