package dev.pigment.benchmarks;

/** Batch sizes measured; a JMH {@code @Param}. */
public enum Batch {
    B32(32),
    B128(128),
    B256(256);

    final int size;

    Batch(int size) {
        this.size = size;
    }
}
