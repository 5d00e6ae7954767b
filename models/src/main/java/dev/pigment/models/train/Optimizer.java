package dev.pigment.models.train;

import java.util.Objects;
import org.nd4j.linalg.learning.config.Adam;
import org.nd4j.linalg.learning.config.IUpdater;

/**
 * How a model's weights move: the updater with its peak learning rate, and decoupled weight decay (Loshchilov and
 * Hutter, "Decoupled Weight Decay Regularization", ICLR 2019) applied times the learning rate. The one place the
 * optimiser is set, for both models ({@code ClassifierConfig}, {@code ColorizerConfig}) and fine-tuning
 * ({@code FineTuning}); {@link Training}'s schedule scales the peak over a run.
 *
 * @param updater the updater and its peak learning rate (a copy is kept and returned: DL4J's updaters are mutable)
 * @param weightDecay the decoupled weight decay coefficient, finite and at least 0; 0 for none
 */
public record Optimizer(IUpdater updater, double weightDecay) {
    /**
     * Copies the updater and checks the weight decay.
     *
     * @throws IllegalArgumentException if the weight decay is negative or not finite
     */
    public Optimizer {
        updater = Objects.requireNonNull(updater, "updater").clone();
        if (!(weightDecay >= 0) || Double.isInfinite(weightDecay)) {
            throw new IllegalArgumentException("weightDecay must be finite and >= 0, got " + weightDecay);
        }
    }

    /** Adam (Kingma and Ba, ICLR 2015) at {@code learningRate}, no weight decay. */
    public static Optimizer adam(double learningRate) {
        return new Optimizer(new Adam(learningRate), 0);
    }

    /** {@code updater}, no weight decay. */
    public static Optimizer of(IUpdater updater) {
        return new Optimizer(updater, 0);
    }

    /** This optimiser with decoupled weight decay {@code value}. */
    public Optimizer withWeightDecay(double value) {
        return new Optimizer(updater, value);
    }

    /** A copy of the updater (DL4J's updaters are mutable). */
    @Override
    public IUpdater updater() {
        return updater.clone();
    }
}
