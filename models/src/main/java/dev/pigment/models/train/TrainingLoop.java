package dev.pigment.models.train;

import dev.pigment.core.Seeds;
import dev.pigment.core.dataset.EpochIterator;
import dev.pigment.models.engine.Engine;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.LongSupplier;
import org.deeplearning4j.nn.conf.graph.GraphVertex;
import org.deeplearning4j.nn.conf.graph.LayerVertex;
import org.deeplearning4j.nn.conf.layers.BaseLayer;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.config.IUpdater;
import org.nd4j.linalg.schedule.ISchedule;

/**
 * The training loop shared by pigment's models: epochs of batches from a seeded {@link EpochIterator}, the
 * learning-rate schedule of {@link Training}, validation after each epoch, early stopping on a monitored metric,
 * the best weights kept in memory and restored at the end, an optional moving average of the weights, periodic
 * checkpoints, a time budget, and progress reports. It trains a DL4J {@link ComputationGraph} in place.
 */
public final class TrainingLoop {
    private TrainingLoop() {
    }

    /** Validation figures of the network's current weights, by name; must include the monitored one. */
    @FunctionalInterface
    public interface Validator {
        /** Computes the validation figures of the network's current weights, by name. */
        Map<String, Double> validate() throws IOException;
    }

    /** Writes a complete model file (network with updater state plus the model's own metadata). */
    @FunctionalInterface
    public interface Checkpointer {
        /** Writes a checkpoint to {@code file}. */
        void save(Path file) throws IOException;
    }

    /**
     * The validation figure early stopping and "best" follow.
     *
     * @param metric its name in the validator's map
     * @param higherIsBetter whether larger values are better (accuracy) or smaller (loss)
     */
    public record Monitor(String metric, boolean higherIsBetter) {
        /** Rejects a null metric name. */
        public Monitor {
            Objects.requireNonNull(metric, "metric");
        }

        boolean better(double candidate, double best) {
            return Double.isNaN(best) || (higherIsBetter ? candidate > best : candidate < best);
        }
    }

    /**
     * Trains {@code net} on {@code train} as {@code options} say.
     *
     * @param validator validation after each epoch, or null for none (then there is no early stopping and the
     *     last weights are kept)
     * @param checkpointer writes a checkpoint file; used when {@link Training#checkpointDir()} is set
     */
    public static TrainingHistory run(ComputationGraph net, EpochIterator train, Validator validator,
                                      Monitor monitor, Training options, Checkpointer checkpointer)
            throws IOException {
        return run(net, train, validator, monitor, options, checkpointer, System::nanoTime);
    }

    /** As above, with time from {@code clock} (nanoseconds), so that tests can run time budgets exactly. */
    @SuppressWarnings("try")   // the scope is held, not read
    static TrainingHistory run(ComputationGraph net, EpochIterator train, Validator validator, Monitor monitor,
                               Training options, Checkpointer checkpointer, LongSupplier clock) throws IOException {
        Objects.requireNonNull(net, "net");
        Objects.requireNonNull(train, "train");
        Objects.requireNonNull(monitor, "monitor");
        Objects.requireNonNull(options, "options");
        if (options.checkpointDir() != null && checkpointer == null) {
            throw new IllegalArgumentException("checkpoints were requested but this model cannot write them");
        }
        double peak = learningRate(net);
        TrainingHistory history;
        try (Engine.Scope scope = Engine.scope()) {
            history = train(net, train, validator, monitor, options, checkpointer, clock, peak);
        } catch (IOException | RuntimeException e) {
            net.setListeners(List.of());
            try {
                net.setLearningRate(peak);
            } catch (RuntimeException restore) {
                e.addSuppressed(restore);      // a diverged network may not take it; the failure comes first
            }
            throw e;
        }
        // the schedule lives in the updaters during the run; afterwards the model's rate is its peak again, so a
        // second run (or a saved model trained further) starts from the same peak
        net.setLearningRate(peak);
        return history;
    }

    private static TrainingHistory train(ComputationGraph net, EpochIterator train, Validator validator,
                                         Monitor monitor, Training options, Checkpointer checkpointer,
                                         LongSupplier clock, double peak) throws IOException {
        int batches = train.batchesPerEpoch();
        int total = plannedIterations(options, batches, train.examplesPerEpoch());
        int warmup = Math.min(total, (int) Math.round(options.warmupEpochs() * batches));
        WarmupCosineSchedule schedule = new WarmupCosineSchedule(peak, warmup, total,
                options.schedule() == Training.Schedule.COSINE ? Training.FINAL_FRACTION : 1.0);
        Path dir = options.checkpointDir();
        if (dir != null) {
            LoopState.removeTemporaries(dir);
            if (!options.resume()) {
                LoopState.prune(dir, -1);   // a new run replaces an earlier run's checkpoints in its folder
            }
        }
        LoopState resumed = resumeFrom(net, options);

        List<EpochStats> epochs = new ArrayList<>();
        double decay = options.averaging();
        INDArray average = decay > 0 ? net.params().dup() : null;
        INDArray bestParams = null;
        double best = Double.NaN;
        int bestEpoch = 0;
        TrainingHistory.StopReason reason = TrainingHistory.StopReason.COMPLETED;
        int iteration = 0;
        int firstEpoch = 1;
        int paceFrom = Integer.MAX_VALUE;
        double paceStart = 0;
        double spent = 0;
        if (resumed != null) {
            net.setParams(resumed.params());
            if (resumed.updater() != null) {
                net.getUpdater().setStateViewArray(resumed.updater());
            }
            schedule = resumed.schedule();
            epochs.addAll(resumed.history());
            average = resumed.average();
            bestParams = resumed.bestParams();
            best = resumed.best();
            bestEpoch = resumed.bestEpoch();
            iteration = resumed.iteration();
            firstEpoch = resumed.epoch() + 1;
            paceFrom = resumed.paceFrom();
            paceStart = resumed.paceStart();
            spent = resumed.seconds();
            if (resumed.finished() != null) {
                reason = resumed.finished();
                firstEpoch = Integer.MAX_VALUE;     // it had ended: nothing left to train
            }
        }
        net.getConfiguration().setIterationCount(iteration);
        net.getConfiguration().setEpochCount(firstEpoch - 1);
        net.setLearningRate(schedule);
        net.setListeners(options.listeners());
        long start = clock.getAsLong() - (long) (spent * 1e9);
        boolean checkpointed = resumed != null;
        for (int epoch = firstEpoch; epoch <= options.epochs() && iteration < schedule.getTotal(); epoch++) {
            long epochStart = clock.getAsLong();
            train.seekEpoch(epoch - 1);
            // dropout draws from ND4J's generator: seeded per epoch, so that a resumed run draws what the
            // uninterrupted one did
            Nd4j.getRandom().setSeed(Seeds.epochSeed(options.seed(), epoch));
            net.getConfiguration().setEpochCount(epoch - 1);
            double lossSum = 0;
            long images = 0;
            int batch = 0;
            boolean outOfTime = false;
            while (train.hasNext() && iteration < schedule.getTotal()) {
                DataSet ds = train.next();
                net.fit(ds);
                Engine.settleWorkspaces();
                iteration++;
                if (average != null) {
                    average.muli(decay);
                    Nd4j.getBlasWrapper().level1().axpy(average.length(), 1 - decay, net.params(), average);
                }
                double loss = net.score();
                batch++;
                if (!Double.isFinite(loss)) {
                    throw diverged("loss " + loss, epoch, batch, iteration, peak, checkpointed ? dir : null);
                }
                lossSum += loss * ds.numExamples();
                images += ds.numExamples();
                for (ProgressListener p : options.progress()) {
                    p.batchDone(epoch, batch, batches, loss);
                }
                double elapsed = seconds(clock, start);
                if (options.maxSeconds() > 0 && elapsed > options.maxSeconds()) {
                    outOfTime = true;
                    break;
                }
                if (options.scheduleToBudget() && iteration == REPLAN_EVERY) {
                    paceFrom = iteration;
                    paceStart = elapsed;
                }
                boolean due = iteration % REPLAN_EVERY == 0 || iteration + 1 >= schedule.getTotal();
                if (options.scheduleToBudget() && iteration > paceFrom && due) {
                    int end = budgetEnd(iteration, iteration - paceFrom, elapsed - paceStart, elapsed,
                            options.maxSeconds(), total);
                    if (end != schedule.getTotal()) {
                        schedule = schedule.replan(iteration, end);
                        net.setLearningRate(schedule);
                    }
                }
            }
            if (!finite(net.params())) {
                throw diverged("weights not finite", epoch, batch, iteration, peak, checkpointed ? dir : null);
            }
            net.getConfiguration().setEpochCount(epoch);
            INDArray live = null;
            if (average != null) {
                live = net.params().dup();
                net.setParams(average);
            }
            Map<String, Double> metrics = validator == null ? Map.of() : validator.validate();
            if (validator != null && !metrics.containsKey(monitor.metric())) {
                throw new IllegalStateException("validation gave no \"" + monitor.metric() + "\": " + metrics);
            }
            EpochStats stats = new EpochStats(epoch, lossSum / Math.max(1, images), metrics,
                    schedule.valueAt(iteration, epoch), seconds(clock, epochStart), seconds(clock, start), images);
            epochs.add(stats);
            for (ProgressListener p : options.progress()) {
                p.epochDone(stats);
            }
            if (validator == null || monitor.better(stats.metric(monitor.metric()), best)) {
                best = validator == null ? Double.NaN : stats.metric(monitor.metric());
                bestEpoch = epoch;
                if (validator != null && options.restoreBest()) {
                    bestParams = net.params().dup();
                }
            }
            if (live != null) {
                net.setParams(live);
            }
            TrainingHistory.StopReason stop = outOfTime ? TrainingHistory.StopReason.TIME_BUDGET
                    : validator != null && options.patience() > 0 && epoch - bestEpoch >= options.patience()
                    ? TrainingHistory.StopReason.NO_IMPROVEMENT : null;
            if (dir != null && epoch % options.checkpointEvery() == 0) {
                checkpointer.save(LoopState.modelFile(dir, epoch));
                INDArray view = net.getUpdater().getStateViewArray();
                new LoopState(epoch, iteration, schedule, epochs, best, bestEpoch, paceFrom, paceStart,
                        seconds(clock, start), stop, net.params(), view, bestParams, average)
                        .write(LoopState.file(dir, epoch));
                LoopState.prune(dir, options.keepCheckpoints());
                checkpointed = true;
            }
            if (stop != null) {
                reason = stop;
                break;
            }
        }
        net.setListeners(List.of());
        if (epochs.isEmpty()) {
            throw new IllegalStateException("no epoch was trained");
        }
        if (average != null) {
            net.setParams(average);
        }
        if (bestParams != null && bestEpoch != epochs.get(epochs.size() - 1).epoch()) {
            net.setParams(bestParams);
        } else {
            bestEpoch = epochs.get(epochs.size() - 1).epoch();
        }
        return new TrainingHistory(epochs, bestEpoch, reason);
    }

    /** The newest checkpoint's state when {@code options} resume and there is one; null otherwise. */
    private static LoopState resumeFrom(ComputationGraph net, Training options) throws IOException {
        if (!options.resume()) {
            return null;
        }
        List<Integer> saved = LoopState.epochs(options.checkpointDir());
        return saved.isEmpty() ? null
                : LoopState.read(LoopState.file(options.checkpointDir(), saved.get(saved.size() - 1)), net);
    }

    private static boolean finite(INDArray a) {
        return !a.isNaN().any() && !a.isInfinite().any();
    }

    private static IllegalStateException diverged(String what, int epoch, int batch, int iteration, double peak,
                                                  Path dir) {
        return new IllegalStateException("training diverged: " + what + " in epoch " + epoch + ", batch " + batch
                + " (iteration " + iteration + "); lower the learning rate (peak " + peak + ")"
                + (dir == null ? "" : "; the checkpoints in " + dir + " are from before it"));
    }

    /** Batches between two re-plans of a schedule fitted to the time budget. */
    static final int REPLAN_EVERY = 8;

    /** The share of the time budget a fitted schedule plans to use, leaving room for the last validation. */
    static final double BUDGET_SHARE = 0.98;

    /** The iterations the epochs and the image limit allow: the schedule's end when no time budget moves it. */
    static int plannedIterations(Training options, int batchesPerEpoch, int examplesPerEpoch) {
        long total = (long) options.epochs() * batchesPerEpoch;
        if (options.maxImages() > 0) {
            long full = options.maxImages() / examplesPerEpoch;
            long rest = options.maxImages() % examplesPerEpoch;
            total = Math.min(total, full * batchesPerEpoch + (rest + options.batchSize() - 1) / options.batchSize());
        }
        return (int) Math.max(1, Math.min(Integer.MAX_VALUE, total));
    }

    /**
     * Where a schedule fitted to the budget ends, after {@code done} iterations and {@code elapsed} seconds: the
     * iteration at which {@link #BUDGET_SHARE} of {@code budget} will be spent at the pace of the last
     * {@code paceIterations} iterations ({@code paceSeconds}, validation included; the first batches, slowed by
     * start-up, are left out), never past {@code cap}; {@code done} itself once the
     * budget is spent.
     */
    static int budgetEnd(int done, int paceIterations, double paceSeconds, double elapsed, double budget, int cap) {
        double perIteration = paceSeconds / paceIterations;
        double left = budget * BUDGET_SHARE - elapsed;
        if (!(perIteration > 0)) {
            return cap;
        }
        double more = left <= 0 ? 0 : Math.floor(left / perIteration);
        return (int) Math.min(cap, done + Math.min(more, (double) cap));
    }

    private static double seconds(LongSupplier clock, long since) {
        return (clock.getAsLong() - since) / 1e9;
    }

    /**
     * The peak learning rate of the first layer with an updater that has one: its constant rate, or the peak of a
     * {@link WarmupCosineSchedule} left in it (a checkpoint written during a run).
     */
    static double learningRate(ComputationGraph net) {
        for (GraphVertex v : net.getConfiguration().getVertices().values()) {
            if (v instanceof LayerVertex lv && lv.getLayerConf().getLayer() instanceof BaseLayer layer) {
                IUpdater u = layer.getIUpdater();
                if (u != null && u.hasLearningRate()) {
                    try {
                        if (u.getClass().getMethod("getLearningRateSchedule").invoke(u)
                                instanceof WarmupCosineSchedule w) {
                            return w.getPeak();
                        }
                    } catch (ReflectiveOperationException e) {
                        // an updater without a schedule property: its constant rate below
                    }
                    return u.getLearningRate(0, 0);
                }
            }
        }
        throw new IllegalArgumentException("the network's updater has no learning rate to schedule (use one that has, such as Adam)");
    }

}
