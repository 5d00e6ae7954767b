package dev.pigment.models.classifier;

import java.util.List;

/**
 * What a classifier says about one image: every class with its probability, most probable first.
 *
 * @param ranking all classes, by decreasing probability
 */
public record Prediction(List<Scored> ranking) {
    /**
     * A class name and its probability.
     *
     * @param label the class name
     * @param probability its predicted probability, in [0, 1]
     */
    public record Scored(String label, double probability) {
        @Override
        public String toString() {
            return String.format("%s %.3f", label, probability);
        }
    }

    /**
     * Copies the ranking, which is taken as given (not sorted).
     *
     * @throws IllegalArgumentException if it is empty
     */
    public Prediction {
        ranking = List.copyOf(ranking);
        if (ranking.isEmpty()) {
            throw new IllegalArgumentException("a prediction needs at least one class");
        }
    }

    static Prediction of(List<String> names, float[] probabilities) {
        return new Prediction(Classifier.rank(names, probabilities));
    }

    /** The most probable class. */
    public String label() {
        return ranking.get(0).label();
    }

    /** The probability of the most probable class. */
    public double probability() {
        return ranking.get(0).probability();
    }

    /** The {@code k} most probable classes. */
    public List<Scored> top(int k) {
        return ranking.subList(0, Math.min(k, ranking.size()));
    }

    @Override
    public String toString() {
        return top(3).toString();
    }
}
