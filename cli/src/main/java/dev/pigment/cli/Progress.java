package dev.pigment.cli;

import dev.pigment.models.train.EpochStats;
import dev.pigment.models.train.ProgressListener;
import java.io.PrintWriter;
import java.util.Locale;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;

/** Training progress for a person: a bar on a terminal, plain lines elsewhere. */
final class Progress {
    private Progress() {
    }

    /** A progress bar per epoch (me.tongfei's progressbar, on JLine): batches done, rate, ETA, loss. */
    static final class Bar implements ProgressListener {
        private final PrintWriter err;
        private ProgressBar bar;
        private int epoch;

        Bar(PrintWriter err) {
            this.err = err;
        }

        @Override
        public void batchDone(int epoch, int batch, int batches, double loss) {
            if (bar == null || epoch != this.epoch) {
                close();
                this.epoch = epoch;
                bar = new ProgressBarBuilder().setTaskName("epoch " + epoch).setInitialMax(batches)
                        .setStyle(ProgressBarStyle.ASCII).setUnit(" batches", 1).showSpeed()
                        .setUpdateIntervalMillis(250).build();
            }
            bar.stepTo(batch);
            bar.setExtraMessage(String.format(Locale.ROOT, "loss %.4f", loss));
        }

        @Override
        public void epochDone(EpochStats stats) {
            close();
            err.println(stats);
            err.flush();
        }

        private void close() {
            if (bar != null) {
                bar.close();
                bar = null;
            }
        }
    }

    /** A line about every {@code percent}% of an epoch with the rate and the epoch's ETA, and each epoch's summary. */
    static final class Lines implements ProgressListener {
        private final PrintWriter err;
        private final int percent;
        private long epochStart;
        private int epoch;

        Lines(PrintWriter err, int percent) {
            this.err = err;
            this.percent = percent;
        }

        @Override
        public void batchDone(int epoch, int batch, int batches, double loss) {
            if (epoch != this.epoch || batch == 1) {
                this.epoch = epoch;
                epochStart = System.nanoTime();
            }
            int step = Math.max(1, batches * percent / 100);
            if (batch % step == 0 && batch < batches) {
                double seconds = (System.nanoTime() - epochStart) / 1e9;
                double rate = batch / Math.max(seconds, 1e-9);
                err.printf(Locale.ROOT, "  epoch %d: %d/%d batches, loss %.4f, %.1f batches/s, ETA %.0f s%n", epoch,
                        batch, batches, loss, rate, (batches - batch) / rate);
                err.flush();
            }
        }

        @Override
        public void epochDone(EpochStats stats) {
            err.println(stats);
            err.flush();
        }
    }
}
