package dev.pigment.core.source;

import dev.pigment.core.BadFilePolicy;
import dev.pigment.core.BadInputException;
import dev.pigment.core.LoadReport;
import dev.pigment.core.image.Bitmap;
import dev.pigment.core.image.ImageFiles;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Decodes many image files on a few threads, applying a per-image step, with the bad-file policy applied. */
final class ParallelDecode {
    private static final Logger LOG = LoggerFactory.getLogger(ParallelDecode.class);
    private static final long PROGRESS_EVERY_NANOS = 10_000_000_000L;

    /** A step applied to each decoded image; an {@link IllegalArgumentException} marks the file as bad. */
    @FunctionalInterface
    interface Step {
        Bitmap apply(Bitmap image);
    }

    /** The images decoded, in file order, with {@code null} where a file was skipped. */
    record Result(List<Bitmap> images, List<LoadReport.Skipped> skipped) {
    }

    private ParallelDecode() {
    }

    static Result run(List<Path> files, Step step, BadFilePolicy policy, int threads) throws BadInputException {
        if (threads < 1) {
            throw new IllegalArgumentException("threads must be >= 1, got " + threads);
        }
        ExecutorService pool = Executors.newFixedThreadPool(threads, r -> {
            Thread t = new Thread(r, "pigment-decode");
            t.setDaemon(true);
            return t;
        });
        AtomicInteger done = new AtomicInteger();
        long start = System.nanoTime();
        long[] lastLog = {start};
        try {
            List<Future<Bitmap>> futures = new ArrayList<>(files.size());
            for (Path file : files) {
                futures.add(pool.submit(() -> {
                    Bitmap b = decodeOne(file, step);
                    int n = done.incrementAndGet();
                    long now = System.nanoTime();
                    synchronized (lastLog) {
                        if (now - lastLog[0] > PROGRESS_EVERY_NANOS) {
                            lastLog[0] = now;
                            LOG.info("decoded {}/{} images ({} s)", n, files.size(), (now - start) / 1_000_000_000L);
                        }
                    }
                    return b;
                }));
            }
            List<Bitmap> images = new ArrayList<>(files.size());
            List<LoadReport.Skipped> skipped = new ArrayList<>();
            for (int i = 0; i < futures.size(); i++) {
                try {
                    images.add(futures.get(i).get());
                } catch (ExecutionException e) {
                    if (!(e.getCause() instanceof BadInputException bad)) {
                        throw new IllegalStateException("decoding " + files.get(i) + " failed", e.getCause());
                    }
                    if (policy == BadFilePolicy.FAIL) {
                        throw bad;
                    }
                    skipped.add(new LoadReport.Skipped(bad.file(), bad.problem()));
                    images.add(null);
                }
            }
            return new Result(images, skipped);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while decoding images", e);
        } finally {
            pool.shutdownNow();
        }
    }

    private static Bitmap decodeOne(Path file, Step step) throws BadInputException {
        Bitmap raw = ImageFiles.read(file);
        try {
            return step.apply(raw);
        } catch (IllegalArgumentException e) {
            throw new BadInputException(file, e.getMessage(), e);
        }
    }
}
