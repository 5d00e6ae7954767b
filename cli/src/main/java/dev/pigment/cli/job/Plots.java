package dev.pigment.cli.job;

import dev.pigment.core.AtomicFiles;
import dev.pigment.models.train.EpochStats;
import dev.pigment.models.train.TrainingHistory;
import java.awt.Color;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.ToDoubleFunction;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.HeatMapChart;
import org.knowm.xchart.HeatMapChartBuilder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.internal.chartpart.Chart;
import org.knowm.xchart.style.markers.SeriesMarkers;

/**
 * PNG plots of training runs and evaluations, drawn with XChart (https://knowm.org/open-source/xchart/) and written
 * atomically. Headless: nothing is shown on screen.
 */
public final class Plots {
    private Plots() {
    }

    /**
     * Training curves: loss per epoch (training and validation) and, when the history has them, accuracy per epoch
     * (validation, and training measured without augmentation), side by side.
     */
    public static void trainingCurves(TrainingHistory history, String title, Path png) throws IOException {
        Objects.requireNonNull(history, "history");
        if (history.epochs().isEmpty()) {
            throw new IllegalArgumentException("the history has no epochs to plot");
        }
        XYChart loss = new XYChartBuilder().width(640).height(420).title(title + ": loss")
                .xAxisTitle("epoch").yAxisTitle("cross-entropy").build();
        series(loss, history, "training", EpochStats::trainLoss);
        series(loss, history, "validation", e -> e.metric("loss"));
        XYChart accuracy = new XYChartBuilder().width(640).height(420).title(title + ": accuracy")
                .xAxisTitle("epoch").yAxisTitle("accuracy").build();
        boolean anyAccuracy = series(accuracy, history, "validation", e -> e.metric("accuracy"));
        anyAccuracy |= series(accuracy, history, "training (no augmentation)", e -> e.metric("train_accuracy"));
        List<Chart<?, ?>> charts = new ArrayList<>();
        charts.add(loss);
        if (anyAccuracy) {
            charts.add(accuracy);
        }
        for (Chart<?, ?> c : charts) {
            c.getStyler().setChartBackgroundColor(Color.WHITE);
        }
        write(charts, png);
    }

    /**
     * Training curves of a model without accuracy: the training loss per epoch ({@code lossName} on the axis), then
     * one chart per validation metric in {@code metrics} (named as in the history), side by side.
     */
    public static void trainingCurves(TrainingHistory history, String title, String lossName, List<String> metrics,
                                      Path png) throws IOException {
        Objects.requireNonNull(history, "history");
        if (history.epochs().isEmpty()) {
            throw new IllegalArgumentException("the history has no epochs to plot");
        }
        List<Chart<?, ?>> charts = new ArrayList<>();
        XYChart loss = new XYChartBuilder().width(520).height(400).title(title + ": loss")
                .xAxisTitle("epoch").yAxisTitle(lossName).build();
        series(loss, history, "training", EpochStats::trainLoss);
        charts.add(loss);
        for (String m : metrics) {
            XYChart c = new XYChartBuilder().width(520).height(400).title(title + ": " + m)
                    .xAxisTitle("epoch").yAxisTitle(m).build();
            if (series(c, history, "validation", e -> e.metric(m))) {
                charts.add(c);
            }
        }
        for (Chart<?, ?> c : charts) {
            c.getStyler().setChartBackgroundColor(Color.WHITE);
        }
        write(charts, png);
    }

    /** Adds a series of the values that are finite; returns whether there were any. */
    private static boolean series(XYChart chart, TrainingHistory history, String name,
                                  ToDoubleFunction<EpochStats> value) {
        List<Double> x = new ArrayList<>();
        List<Double> y = new ArrayList<>();
        for (EpochStats e : history.epochs()) {
            double v = value.applyAsDouble(e);
            if (Double.isFinite(v)) {
                x.add((double) e.epoch());
                y.add(v);
            }
        }
        if (x.isEmpty()) {
            return false;
        }
        XYSeries s = chart.addSeries(name, x, y);
        s.setMarker(SeriesMarkers.CIRCLE);
        return true;
    }

    /**
     * A confusion matrix as a heat map with the count in each cell: rows are true classes, columns predicted ones.
     */
    public static void confusionMatrix(int[][] counts, List<String> classNames, String title, Path png)
            throws IOException {
        int n = classNames.size();
        if (counts.length != n) {
            throw new IllegalArgumentException(counts.length + " rows but " + n + " class names");
        }
        List<Number[]> cells = new ArrayList<>();
        for (int actual = 0; actual < n; actual++) {
            if (counts[actual].length != n) {
                throw new IllegalArgumentException("row " + actual + " has " + counts[actual].length
                        + " columns, expected " + n);
            }
            for (int predicted = 0; predicted < n; predicted++) {
                // x = predicted, y = actual, listed top to bottom in class order
                cells.add(new Number[] {predicted, n - 1 - actual, counts[actual][predicted]});
            }
        }
        int side = Math.max(480, 60 * n + 220);
        HeatMapChart chart = new HeatMapChartBuilder().width(side + 120).height(side).title(title).build();
        chart.setXAxisTitle("predicted");
        chart.setYAxisTitle("true");
        chart.getStyler().setChartBackgroundColor(Color.WHITE);
        chart.getStyler().setShowValue(true);
        chart.getStyler().setRangeColors(new Color[] {new Color(247, 251, 255), new Color(107, 174, 214),
                new Color(8, 48, 107)});
        chart.getStyler().setXAxisLabelRotation(45);
        List<String> xLabels = new ArrayList<>(classNames);
        List<String> yLabels = new ArrayList<>(classNames);
        java.util.Collections.reverse(yLabels);
        chart.addSeries("count", xLabels, yLabels, cells);
        write(List.of(chart), png);
    }

    /** Writes one chart, or several side by side, as one PNG. */
    private static void write(List<Chart<?, ?>> charts, Path png) throws IOException {
        java.awt.image.BufferedImage[] images = new java.awt.image.BufferedImage[charts.size()];
        int width = 0;
        int height = 0;
        for (int i = 0; i < charts.size(); i++) {
            images[i] = BitmapEncoder.getBufferedImage(charts.get(i));
            width += images[i].getWidth();
            height = Math.max(height, images[i].getHeight());
        }
        java.awt.image.BufferedImage all = new java.awt.image.BufferedImage(width, height,
                java.awt.image.BufferedImage.TYPE_INT_RGB);
        java.awt.Graphics2D g = all.createGraphics();
        g.setColor(Color.WHITE);
        g.fillRect(0, 0, width, height);
        int x = 0;
        for (java.awt.image.BufferedImage img : images) {
            g.drawImage(img, x, 0, null);
            x += img.getWidth();
        }
        g.dispose();
        AtomicFiles.write(png, tmp -> {
            try (OutputStream os = Files.newOutputStream(tmp)) {
                if (!javax.imageio.ImageIO.write(all, "png", os)) {
                    throw new IOException("no PNG writer");
                }
            }
        });
    }
}
