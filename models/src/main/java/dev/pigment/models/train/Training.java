package dev.pigment.models.train;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.deeplearning4j.optimize.api.TrainingListener;

/**
 * How to train a model: epochs, batch size, seed, learning-rate schedule, early stopping, time budget, checkpoints
 * and listeners. Immutable; made by {@link #builder(int, long)}. The optimiser itself (updater, peak learning rate,
 * weight decay: the {@link Optimizer}) is the model's: {@code ClassifierConfig.Builder.optimizer},
 * {@code ColorizerConfig.Builder.optimizer}, {@code FineTuning.withOptimizer}; the schedule here scales that peak.
 *
 * <p>Determinism: given the seed, shuffling and augmentation are the same on every run, and so is the initial
 * model (its own seed). Dropout masks come from ND4J's random generator, which the loop reseeds from the seed and
 * the epoch at the start of every epoch, so a resumed run draws what an uninterrupted one did. oneDNN's CPU convolutions and OpenBLAS on one thread
 * are deterministic for a fixed thread count ({@code OMP_NUM_THREADS}); other thread counts may change the last
 * bits, and CUDA's cuDNN may choose non-deterministic algorithms.
 *
 * @param epochs the most epochs the run trains, at least 1; early stopping, the time budget or the image limit may
 *     end it sooner
 * @param seed the seed of shuffling, augmentation and (per epoch) dropout
 * @param batchSize examples per batch, at least 1
 * @param schedule the learning-rate schedule
 * @param warmupEpochs epochs (possibly fractional) of linear learning-rate warm-up, 0 to {@code epochs}
 * @param patience epochs without improvement of the monitored validation metric before stopping; 0 never stops
 *     early
 * @param restoreBest whether the model ends with the weights of its best validation epoch rather than its last
 * @param maxSeconds wall-clock budget in seconds, checked after every batch; 0 for none
 * @param scheduleToBudget whether the learning-rate schedule is fitted to the time budget rather than to the epoch
 *     count; see {@link Builder#scheduleToBudget(boolean)}
 * @param maxImages training examples after which the run ends (the schedule completes there); 0 for no limit
 * @param labelSmoothing label smoothing ε of classification targets, in [0, 1); 0 for one-hot targets
 * @param averaging decay of the weight average in [0, 1), or 0 for none; see {@link Builder#averaging(double)}
 * @param checkpointDir folder for periodic checkpoints, or null for none
 * @param checkpointEvery a checkpoint every this many epochs (when {@code checkpointDir} is set), at least 1
 * @param keepCheckpoints how many of the newest checkpoints to keep, older ones deleted; 0 keeps all
 * @param resume whether to continue from the newest checkpoint in {@code checkpointDir}, if there is one
 * @param progress the listeners told of each batch and each epoch, in the order they were added
 * @param listeners DL4J listeners attached to the network while it trains (score, performance, UI...)
 */
public record Training(int epochs, long seed, int batchSize, Training.Schedule schedule, double warmupEpochs,
                       int patience, boolean restoreBest, double maxSeconds, boolean scheduleToBudget, long maxImages,
                       double labelSmoothing, double averaging, Path checkpointDir, int checkpointEvery,
                       int keepCheckpoints, boolean resume, List<ProgressListener> progress,
                       List<TrainingListener> listeners) {
    /** The learning rate over the run. */
    public enum Schedule {
        /** The updater's learning rate throughout (after the warm-up, if any). */
        CONSTANT,
        /** Linear warm-up, then a half cosine to {@link #FINAL_FRACTION} of the peak at the last epoch. */
        COSINE
    }

    /** Where the cosine schedule ends, as a share of the peak learning rate. */
    public static final double FINAL_FRACTION = 0.01;

    /**
     * Validates the settings and copies the lists.
     *
     * @throws IllegalArgumentException if the epochs, batch size or checkpoint interval is below 1, the warm-up
     *     is outside 0..epochs, the patience or image limit is negative, the time budget is negative or
     *     infinite, {@code scheduleToBudget} has no time budget, or the label smoothing or averaging decay is
     *     outside [0, 1), the number of checkpoints to keep is negative, or {@code resume} has no checkpoint folder
     */
    public Training {
        Objects.requireNonNull(schedule, "schedule");
        progress = List.copyOf(progress);
        listeners = List.copyOf(listeners);
        if (epochs < 1) {
            throw new IllegalArgumentException("epochs must be >= 1, got " + epochs);
        }
        if (batchSize < 1) {
            throw new IllegalArgumentException("batchSize must be >= 1, got " + batchSize);
        }
        if (!(warmupEpochs >= 0 && warmupEpochs <= epochs)) {
            throw new IllegalArgumentException("warmupEpochs must be in 0.." + epochs + ", got " + warmupEpochs);
        }
        if (patience < 0) {
            throw new IllegalArgumentException("patience must be >= 0, got " + patience);
        }
        if (!(maxSeconds >= 0) || Double.isInfinite(maxSeconds)) {
            throw new IllegalArgumentException("maxSeconds must be finite and >= 0, got " + maxSeconds);
        }
        if (scheduleToBudget && maxSeconds == 0) {
            throw new IllegalArgumentException("scheduleToBudget needs a time budget: set maxSeconds");
        }
        if (maxImages < 0) {
            throw new IllegalArgumentException("maxImages must be >= 0, got " + maxImages);
        }
        if (!(labelSmoothing >= 0 && labelSmoothing < 1)) {
            throw new IllegalArgumentException("labelSmoothing must be in [0, 1), got " + labelSmoothing);
        }
        if (!(averaging >= 0 && averaging < 1)) {
            throw new IllegalArgumentException("averaging decay must be in [0, 1), got " + averaging);
        }
        if (checkpointEvery < 1) {
            throw new IllegalArgumentException("checkpoint interval must be >= 1 epoch, got " + checkpointEvery);
        }
        if (keepCheckpoints < 0) {
            throw new IllegalArgumentException("keepCheckpoints must be >= 0, got " + keepCheckpoints);
        }
        if (resume && checkpointDir == null) {
            throw new IllegalArgumentException("resume needs the checkpoint folder: set checkpoints(dir, every)");
        }
    }

    /** A builder for {@code epochs} epochs with {@code seed} for shuffling and augmentation. */
    public static Builder builder(int epochs, long seed) {
        return new Builder(epochs, seed);
    }

    /** A builder holding these settings, to change some. */
    public Builder toBuilder() {
        return new Builder(this);
    }

    /** Collects the settings of a {@link Training}; {@link #build()} makes the record, which validates. */
    public static final class Builder {
        private final int epochs;
        private long seed;
        private int batchSize = 64;
        private Schedule schedule = Schedule.COSINE;
        private double warmupEpochs;
        private int patience;
        private boolean restoreBest = true;
        private double maxSeconds;
        private boolean scheduleToBudget;
        private long maxImages;
        private double labelSmoothing;
        private double averaging;
        private Path checkpointDir;
        private int checkpointEvery = 1;
        private int keepCheckpoints = 3;
        private boolean resume;
        private final List<ProgressListener> progress = new ArrayList<>();
        private final List<TrainingListener> listeners = new ArrayList<>();

        private Builder(int epochs, long seed) {
            this.epochs = epochs;
            this.seed = seed;
        }

        private Builder(Training t) {
            this(t.epochs, t.seed);
            batchSize = t.batchSize;
            schedule = t.schedule;
            warmupEpochs = t.warmupEpochs;
            patience = t.patience;
            restoreBest = t.restoreBest;
            maxSeconds = t.maxSeconds;
            scheduleToBudget = t.scheduleToBudget;
            maxImages = t.maxImages;
            labelSmoothing = t.labelSmoothing;
            averaging = t.averaging;
            checkpointDir = t.checkpointDir;
            checkpointEvery = t.checkpointEvery;
            keepCheckpoints = t.keepCheckpoints;
            resume = t.resume;
            progress.addAll(t.progress);
            listeners.addAll(t.listeners);
        }

        /** The seed of shuffling and augmentation. */
        public Builder seed(long value) {
            this.seed = value;
            return this;
        }

        /** Examples per batch; default 64. */
        public Builder batchSize(int value) {
            this.batchSize = value;
            return this;
        }

        /** The learning-rate schedule; default {@link Schedule#COSINE}. */
        public Builder schedule(Schedule value) {
            this.schedule = Objects.requireNonNull(value, "schedule");
            return this;
        }

        /** Epochs (may be fractional) of linear warm-up; default 0. */
        public Builder warmupEpochs(double value) {
            this.warmupEpochs = value;
            return this;
        }

        /** Early stopping: epochs without improvement before stopping; default 0 (off). Needs validation data. */
        public Builder patience(int value) {
            this.patience = value;
            return this;
        }

        /** Whether to end with the best validation epoch's weights; default true. */
        public Builder restoreBest(boolean value) {
            this.restoreBest = value;
            return this;
        }

        /** Stop after this many seconds (checked after each batch, then the epoch is validated); default none. */
        public Builder maxSeconds(double value) {
            this.maxSeconds = value;
            return this;
        }

        /**
         * Fit the learning-rate schedule to the time budget: with a {@link #maxSeconds} budget, the run measures
         * its own throughput as it goes (seconds per batch so far, validation included) and moves the schedule's
         * end to the batch at which the budget will be spent, so the warm-up and the cosine complete within the
         * budget on any CPU, fast or slow. The epoch count (and {@link #maxImages}) become upper bounds. Such a run
         * is not repeatable bit for bit: its length depends on the machine's speed. Default false: the schedule
         * spans the epochs, and the budget only stops the run.
         */
        public Builder scheduleToBudget(boolean value) {
            this.scheduleToBudget = value;
            return this;
        }

        /**
         * End training after this many training examples (the schedule is planned to complete there), even if
         * epochs remain; default 0, no limit. With it, a run on a fast machine can be held to the work a slower
         * one does within its budget.
         */
        public Builder maxImages(long value) {
            this.maxImages = value;
            return this;
        }

        /**
         * Label smoothing ε of classification targets (Szegedy et al., CVPR 2016): one-hot targets become
         * {@code (1 − ε)·onehot + ε/K}; default 0. Validation losses use one-hot targets.
         */
        public Builder labelSmoothing(double value) {
            this.labelSmoothing = value;
            return this;
        }

        /**
         * Validate and end with an exponential moving average of the weights (Polyak and Juditsky, SIAM J. Control
         * Optim. 1992): after each batch, {@code average = decay·average + (1 − decay)·weights}, starting from the
         * initial weights; a decay of 0.99 averages over about the last 100 batches. The optimiser goes on from the
         * live weights; validation, the best epoch and the returned network use the average, checkpoints hold the
         * live weights. Default 0: no averaging.
         */
        public Builder averaging(double decay) {
            this.averaging = decay;
            return this;
        }

        /**
         * Write a checkpoint every {@code every} epochs to {@code dir}: {@code epoch-NNN.pigment}, a complete model
         * file (updater state included) that loads like any model, and {@code epoch-NNN.state}, what the loop needs
         * to continue ({@link #resume}). Both are written atomically and durably; the newest
         * {@link #keepCheckpoints} are kept. A run that does not resume first deletes the checkpoints an earlier run
         * left in {@code dir} (only those files).
         */
        public Builder checkpoints(Path dir, int every) {
            this.checkpointDir = Objects.requireNonNull(dir, "dir");
            this.checkpointEvery = every;
            return this;
        }

        /** How many of the newest checkpoints to keep; default 3; 0 keeps all. */
        public Builder keepCheckpoints(int value) {
            this.keepCheckpoints = value;
            return this;
        }

        /**
         * Continue from the newest checkpoint in the {@link #checkpoints} folder, if there is one (otherwise start
         * afresh): the run goes on from the end of that epoch with its weights, updater state, schedule, history,
         * best weights, weight average and time spent, and ends as the uninterrupted run would have, with the same
         * weights where the run is deterministic (not with {@link #scheduleToBudget}, whose length depends on the
         * machine's pace). The model must be made as the first run made it (same configuration). Default false.
         */
        public Builder resume(boolean value) {
            this.resume = value;
            return this;
        }

        /** Adds a listener told of each batch and each epoch. */
        public Builder progress(ProgressListener value) {
            progress.add(Objects.requireNonNull(value, "progress"));
            return this;
        }

        /** Adds a DL4J listener, attached to the network while it trains. */
        public Builder listener(TrainingListener value) {
            listeners.add(Objects.requireNonNull(value, "listener"));
            return this;
        }

        /**
         * Builds the settings.
         *
         * @throws IllegalArgumentException as {@link Training#Training}
         */
        public Training build() {
            return new Training(epochs, seed, batchSize, schedule, warmupEpochs, patience, restoreBest, maxSeconds,
                    scheduleToBudget, maxImages, labelSmoothing, averaging, checkpointDir, checkpointEvery,
                    keepCheckpoints, resume, progress, listeners);
        }
    }
}
