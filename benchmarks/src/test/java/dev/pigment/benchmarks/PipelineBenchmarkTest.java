package dev.pigment.benchmarks;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.pigment.core.source.LabelledImages;
import java.io.IOException;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.nd4j.linalg.dataset.DataSet;

/** Each pipeline benchmark computes what it claims: every generated image decoded, full valid batches. */
class PipelineBenchmarkTest {
    private static final int[] EXPECTED_IMAGES = {6000, 2000, 200, 6};
    /** Batches in the engine's layout, NHWC ({@code InputSpec.DEFAULT_FORMAT}). */
    private static final long[][] BATCH_SHAPES = {{128, 28, 28, 1}, {128, 32, 32, 3}, {32, 128, 128, 3},
        {32, 64, 64, 1}};

    @ParameterizedTest
    @EnumSource(PipelineSource.class)
    void decodesEveryImageAndBatchesAreNormalised(PipelineSource source) throws IOException {
        PipelineBenchmark.Data data = new PipelineBenchmark.Data();
        data.source = source;
        data.setUp();
        try {
            PipelineBenchmark bench = new PipelineBenchmark();
            PipelineBenchmark.Images count = new PipelineBenchmark.Images();
            Object decoded = bench.decode(data, count);
            assertEquals(EXPECTED_IMAGES[source.ordinal()], count.images);
            if (decoded instanceof LabelledImages l) {
                assertTrue(l.numClasses() >= 2);
            }
            count.clear();
            DataSet ds = bench.batches(data, count);
            assertEquals(BATCH_SHAPES[source.ordinal()][0], count.images);
            assertEquals(java.util.Arrays.toString(BATCH_SHAPES[source.ordinal()]),
                    java.util.Arrays.toString(ds.getFeatures().shape()));
            double min = ds.getFeatures().minNumber().doubleValue();
            double max = ds.getFeatures().maxNumber().doubleValue();
            assertTrue(min >= -1 && max <= 1 && max > min, "features in " + min + ".." + max);
        } finally {
            data.tearDown();
        }
    }
}
