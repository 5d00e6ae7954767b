package dev.pigment.core.metrics;

import java.util.List;
import java.util.Objects;
import org.nd4j.evaluation.classification.Evaluation;

/**
 * A classifier's scores on labelled images, from DL4J's {@link Evaluation}: accuracy, top-k accuracy, per-class
 * precision, recall and F1, the confusion matrix with class names, and the mean cross-entropy loss. The
 * classification twin of {@link ColorizationScores}.
 */
public final class ClassificationScores {
    private final Evaluation evaluation;
    private final int topK;
    private final double loss;

    /**
     * Scores from a filled-in evaluation.
     *
     * @param evaluation DL4J's evaluation of the predictions, with the class names
     * @param topK the k of {@link #topKAccuracy()}, as {@code evaluation} was made with
     * @param loss the mean cross-entropy of the true classes
     */
    public ClassificationScores(Evaluation evaluation, int topK, double loss) {
        this.evaluation = Objects.requireNonNull(evaluation, "evaluation");
        this.topK = topK;
        this.loss = loss;
    }

    /** DL4J's evaluation object, for everything else it offers. */
    public Evaluation dl4j() {
        return evaluation;
    }

    /** The class names in the model's order; the class indices of {@link #precision} and the others refer to it. */
    public List<String> classNames() {
        return evaluation.getLabelsList();
    }

    /** Share of images whose most probable class is right. */
    public double accuracy() {
        return evaluation.accuracy();
    }

    /** The k of {@link #topKAccuracy()}. */
    public int topK() {
        return topK;
    }

    /** Share of images whose class is among the k most probable. */
    public double topKAccuracy() {
        return topK == 1 ? accuracy() : evaluation.topNAccuracy();
    }

    /** Mean cross-entropy, {@code -ln p(true class)}. */
    public double loss() {
        return loss;
    }

    /**
     * Precision of class {@code cls} (an index into {@link #classNames()}): the share of images predicted as that
     * class that are of it; 0 if no image was predicted as it.
     */
    public double precision(int cls) {
        return evaluation.precision(cls);
    }

    /**
     * Recall of class {@code cls} (an index into {@link #classNames()}): the share of its images predicted as it; 0
     * if there are none.
     */
    public double recall(int cls) {
        return evaluation.recall(cls);
    }

    /** F1 score of class {@code cls}: the harmonic mean of its {@link #precision} and {@link #recall}. */
    public double f1(int cls) {
        return evaluation.f1(cls);
    }

    /** Counts: row = true class, column = predicted class. */
    public int[][] confusionMatrix() {
        int n = classNames().size();
        int[][] m = new int[n][n];
        for (int actual = 0; actual < n; actual++) {
            for (int predicted = 0; predicted < n; predicted++) {
                m[actual][predicted] = evaluation.getConfusionMatrix().getCount(actual, predicted);
            }
        }
        return m;
    }


    /** Number of images evaluated. */
    public long total() {
        long t = 0;
        for (int[] row : confusionMatrix()) {
            for (int v : row) {
                t += v;
            }
        }
        return t;
    }

    /** A text report: overall figures, then precision, recall and F1 per class. */
    public String report() {
        StringBuilder sb = new StringBuilder();
        sb.append(String.format("images %d, accuracy %.4f, top-%d accuracy %.4f, loss %.4f%n", total(),
                accuracy(), topK, topKAccuracy(), loss));
        sb.append(String.format("%-20s %9s %9s %9s%n", "class", "precision", "recall", "F1"));
        List<String> names = classNames();
        for (int i = 0; i < names.size(); i++) {
            sb.append(String.format("%-20s %9.4f %9.4f %9.4f%n", names.get(i), precision(i), recall(i), f1(i)));
        }
        return sb.toString();
    }

    @Override
    public String toString() {
        return String.format("accuracy %.4f, top-%d %.4f, loss %.4f", accuracy(), topK, topKAccuracy(), loss);
    }
}
