package dev.pigment.examples;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.pigment.core.image.Bitmap;
import dev.pigment.core.image.ImageFiles;
import dev.pigment.core.source.FashionMnist;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PipelineDemoTest {
    @TempDir
    Path out;

    @Test
    void runsOnTheDebianDataAndWritesTheContactSheet() throws Exception {
        PipelineDemo.Result r = PipelineDemo.run(FashionMnist.DEBIAN_DIR, PipelineDemo.DEBIAN_PHOTOS, out, 1000, 1);
        assertEquals(60_000, r.trainImages());
        assertEquals(10_000, r.testImages());
        assertArrayEquals(new int[] {6000, 6000, 6000, 6000, 6000, 6000, 6000, 6000, 6000, 6000},
                r.trainClassCounts());
        assertEquals(1024, r.imagesStreamed());               // whole batches of 128 until 1000 are passed
        assertTrue(r.imagesPerSecond() > 0);
        assertTrue(r.photos().data().size() >= 50, r.photos().report().toString());
        Bitmap sheet = ImageFiles.read(r.contactSheet());
        assertEquals(6 * 96 + 7 * 4, sheet.width());
        assertEquals(4 * 96 + 5 * 4, sheet.height());
    }

    @Test
    void unknownOptionsAreNamed() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> PipelineDemo.main(new String[] {"--photo", "x"}));
        assertTrue(e.getMessage().contains("unknown option '--photo'"));
    }
}
