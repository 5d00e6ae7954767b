package dev.pigment.cli.view;

import dev.pigment.cli.report.Json;
import dev.pigment.core.embed.Tsne;
import dev.pigment.core.image.Bitmap;
import dev.pigment.core.source.LabelledImages;
import dev.pigment.models.classifier.Classifier;
import dev.pigment.models.classifier.Prediction;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * A t-SNE map ({@link Tsne}) of what a classifier learned: the penultimate features
 * ({@link Classifier#embedding}) of labelled images, with each image's true and predicted class, and how well the
 * map keeps classes together (5-NN accuracy in the map and in the features).
 */
public final class TsneMap {
    private final List<Bitmap> images;
    private final int[] labels;
    private final int[] predicted;
    private final double[][] points;
    private final List<String> classes;
    private final double mapAccuracy;
    private final double featureAccuracy;
    private final double perplexity;

    private TsneMap(List<Bitmap> images, int[] labels, int[] predicted, double[][] points, List<String> classes,
                        double mapAccuracy, double featureAccuracy, double perplexity) {
        this.images = images;
        this.labels = labels;
        this.predicted = predicted;
        this.points = points;
        this.classes = classes;
        this.mapAccuracy = mapAccuracy;
        this.featureAccuracy = featureAccuracy;
        this.perplexity = perplexity;
    }

    /**
     * Maps {@code count} images of {@code data} spread evenly over it (all, when there are fewer).
     *
     * @throws IllegalArgumentException if the data's classes are not the classifier's, or as {@link Tsne#embed}
     */
    public static TsneMap of(Classifier classifier, LabelledImages data, int count, Tsne.Options options) {
        if (!data.classNames().equals(classifier.classNames())) {
            throw new IllegalArgumentException("the data's classes " + data.classNames() + " are not the model's "
                    + classifier.classNames());
        }
        int n = Math.min(count, data.size());
        List<Bitmap> images = new ArrayList<>(n);
        int[] labels = new int[n];
        for (int i = 0; i < n; i++) {
            // spread over the data: a folder's images come sorted by class
            int at = (int) ((long) i * data.size() / n);
            images.add(data.image(at));
            labels[i] = data.label(at);
        }
        float[][] features = classifier.embedding(images);
        double[][] x = new double[n][];
        for (int i = 0; i < n; i++) {
            x[i] = new double[features[i].length];
            for (int d = 0; d < x[i].length; d++) {
                x[i][d] = features[i][d];
            }
        }
        int[] predicted = new int[n];
        for (int from = 0; from < n; from += 256) {
            List<Prediction> p = classifier.classify(images.subList(from, Math.min(n, from + 256)));
            for (int i = 0; i < p.size(); i++) {
                predicted[from + i] = classifier.classNames().indexOf(p.get(i).label());
            }
        }
        double[][] map = Tsne.embed(x, options);
        return new TsneMap(images, labels, predicted, normalised(map), classifier.classNames(),
                Tsne.neighbourAccuracy(map, labels, 5), Tsne.neighbourAccuracy(x, labels, 5), options.perplexity());
    }

    /** The map scaled into [0, 1] on both axes, its aspect kept. */
    private static double[][] normalised(double[][] map) {
        double minX = Double.POSITIVE_INFINITY;
        double minY = Double.POSITIVE_INFINITY;
        double maxX = Double.NEGATIVE_INFINITY;
        double maxY = Double.NEGATIVE_INFINITY;
        for (double[] p : map) {
            minX = Math.min(minX, p[0]);
            maxX = Math.max(maxX, p[0]);
            minY = Math.min(minY, p[1]);
            maxY = Math.max(maxY, p[1]);
        }
        double span = Math.max(1e-12, Math.max(maxX - minX, maxY - minY));
        double[][] out = new double[map.length][];
        for (int i = 0; i < map.length; i++) {
            out[i] = new double[] {(map[i][0] - minX) / span + (span - (maxX - minX)) / (2 * span),
                (map[i][1] - minY) / span + (span - (maxY - minY)) / (2 * span)};
        }
        return out;
    }

    /** The points mapped. */
    public int size() {
        return images.size();
    }

    /** Image {@code i} of the map. */
    public Bitmap image(int i) {
        return images.get(i);
    }

    /** The share of points whose 5 nearest neighbours in the map are mostly of their class. */
    public double mapAccuracy() {
        return mapAccuracy;
    }

    /** The same in the classifier's feature space, for comparison. */
    public double featureAccuracy() {
        return featureAccuracy;
    }

    /** The perplexity the map was made with. */
    public double perplexity() {
        return perplexity;
    }

    /** The colours of the classes, in order, as on the explorer's page (matplotlib's tab10). */
    static final int[] PALETTE = {0x1f77b4, 0xff7f0e, 0x2ca02c, 0xd62728, 0x9467bd, 0x8c564b, 0xe377c2, 0x7f7f7f,
        0xbcbd22, 0x17becf};

    /**
     * The map as a picture, {@code side} pixels square plus a legend below: each image a dot of its true class's
     * colour, the misclassified ones ringed in black.
     */
    public Bitmap picture(int side) {
        int legendRows = (classes.size() + 4) / 5;
        int height = side + 8 + legendRows * 20;
        java.awt.image.BufferedImage img = new java.awt.image.BufferedImage(side, height,
                java.awt.image.BufferedImage.TYPE_INT_RGB);
        java.awt.Graphics2D g = img.createGraphics();
        g.setRenderingHint(java.awt.RenderingHints.KEY_ANTIALIASING, java.awt.RenderingHints.VALUE_ANTIALIAS_ON);
        g.setColor(java.awt.Color.WHITE);
        g.fillRect(0, 0, side, height);
        double margin = 10;
        double span = side - 2 * margin;
        for (int i = 0; i < points.length; i++) {
            double x = margin + points[i][0] * span;
            double y = margin + points[i][1] * span;
            g.setColor(new java.awt.Color(PALETTE[labels[i] % PALETTE.length]));
            g.fill(new java.awt.geom.Ellipse2D.Double(x - 2.6, y - 2.6, 5.2, 5.2));
            if (labels[i] != predicted[i]) {
                g.setColor(java.awt.Color.BLACK);
                g.draw(new java.awt.geom.Ellipse2D.Double(x - 4.5, y - 4.5, 9, 9));
            }
        }
        g.setFont(new java.awt.Font(java.awt.Font.SANS_SERIF, java.awt.Font.PLAIN, 12));
        int columnWidth = side / 5;
        for (int k = 0; k < classes.size(); k++) {
            int x = (k % 5) * columnWidth + 6;
            int y = side + 8 + (k / 5) * 20;
            g.setColor(new java.awt.Color(PALETTE[k % PALETTE.length]));
            g.fillOval(x, y + 3, 10, 10);
            g.setColor(java.awt.Color.DARK_GRAY);
            g.drawString(classes.get(k), x + 14, y + 12);
        }
        g.dispose();
        return Bitmap.fromBufferedImage(img);
    }

    /** The map as JSON: points {@code [x, y, label, predicted]} in [0, 1], classes, accuracies, perplexity. */
    public String json() {
        StringBuilder sb = new StringBuilder("{\"classes\": [");
        for (int i = 0; i < classes.size(); i++) {
            sb.append(i == 0 ? "" : ", ").append(Json.quote(classes.get(i)));
        }
        sb.append(String.format(Locale.ROOT, "], \"perplexity\": %s, \"mapAccuracy\": %s, \"featureAccuracy\": %s,"
                + " \"points\": [", perplexity, Json.number(mapAccuracy), Json.number(featureAccuracy)));
        for (int i = 0; i < points.length; i++) {
            sb.append(i == 0 ? "" : ", ").append(String.format(Locale.ROOT, "[%.4f, %.4f, %d, %d]", points[i][0],
                    points[i][1], labels[i], predicted[i]));
        }
        return sb.append("]}").toString();
    }
}
