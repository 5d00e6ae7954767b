package dev.pigment.core.augment;

final class Checks {
    private Checks() {
    }

    static void probability(double p) {
        if (!(p >= 0 && p <= 1)) {
            throw new IllegalArgumentException("probability must be in [0, 1], got " + p);
        }
    }
}
