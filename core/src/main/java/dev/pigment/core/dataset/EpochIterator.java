package dev.pigment.core.dataset;

import java.util.NoSuchElementException;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.dataset.api.DataSetPreProcessor;
import org.nd4j.linalg.dataset.api.iterator.DataSetIterator;

/**
 * The epoch bookkeeping shared by pigment's iterators: batches of up to {@link #batch()} items out of
 * {@link #examplesPerEpoch()}, an epoch counter that {@link #reset()} advances (or {@link #seekEpoch(long)} sets),
 * and the DL4J pre-processor hook. Epoch {@code e} yields the same batches whenever it is run.
 */
public abstract class EpochIterator implements DataSetIterator {
    /** Items per batch; the last batch of an epoch may hold fewer. */
    private final int batchSize;
    /** The first item of the next batch, within the epoch. */
    private int cursor;
    /** The epoch being iterated, from 0. */
    private long epoch;
    /** Applied to each batch before it is returned; null for none. */
    private DataSetPreProcessor preProcessor;

    EpochIterator(int batchSize) {
        if (batchSize < 1) {
            throw new IllegalArgumentException("batchSize must be >= 1, got " + batchSize);
        }
        this.batchSize = batchSize;
    }

    /** Items in one epoch. */
    abstract int epochSize();

    /** Items {@code from .. from+n-1} of epoch {@code epoch}. */
    abstract DataSet makeBatch(long epoch, int from, int n);

    /** Called before the first batch of each epoch. */
    void startEpoch(long epoch) {
    }

    /** The epoch being iterated, counting from 0; each {@link #reset()} adds one. */
    public long epoch() {
        return epoch;
    }

    /**
     * Starts epoch {@code value} (from 0) at its first batch, e.g. to resume training.
     *
     * @throws IllegalArgumentException if {@code value} is negative
     */
    public void seekEpoch(long value) {
        if (value < 0) {
            throw new IllegalArgumentException("epoch must be >= 0, got " + value);
        }
        epoch = value;
        cursor = 0;
        startEpoch(epoch);
    }

    /** Items (examples) in one epoch. */
    public int examplesPerEpoch() {
        return epochSize();
    }

    /** Batches in one epoch (the last may be smaller). */
    public int batchesPerEpoch() {
        return (epochSize() + batchSize - 1) / batchSize;
    }

    @Override
    public DataSet next(int num) {
        if (!hasNext()) {
            throw new NoSuchElementException("epoch " + epoch + " is exhausted; call reset()");
        }
        if (num < 1) {
            throw new IllegalArgumentException("num must be >= 1, got " + num);
        }
        int n = Math.min(num, epochSize() - cursor);
        DataSet ds = makeBatch(epoch, cursor, n);
        cursor += n;
        if (preProcessor != null) {
            preProcessor.preProcess(ds);
        }
        return ds;
    }

    @Override
    public DataSet next() {
        return next(batchSize);
    }

    @Override
    public boolean hasNext() {
        return cursor < epochSize();
    }

    @Override
    public void reset() {
        epoch++;
        cursor = 0;
        startEpoch(epoch);
    }

    @Override
    public boolean resetSupported() {
        return true;
    }

    @Override
    public boolean asyncSupported() {
        return true;
    }

    @Override
    public int batch() {
        return batchSize;
    }

    @Override
    public void setPreProcessor(DataSetPreProcessor value) {
        this.preProcessor = value;
    }

    @Override
    public DataSetPreProcessor getPreProcessor() {
        return preProcessor;
    }
}
