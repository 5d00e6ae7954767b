package dev.pigment.core.source;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.pigment.core.BadFilePolicy;
import dev.pigment.core.BadInputException;
import dev.pigment.core.Loaded;
import dev.pigment.core.TestImages;
import dev.pigment.core.image.Bitmap;
import dev.pigment.core.image.ImageFiles;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PhotoSetTest {
    @TempDir
    Path dir;

    @Test
    void largePhotosAreDownscaledToTheWorkingSize() throws IOException {
        ImageFiles.write(TestImages.pattern(300, 500, 3, 1), dir.resolve("a.jpg"));
        ImageFiles.write(TestImages.pattern(120, 90, 3, 2), dir.resolve("sub/b.png"));
        PhotoSet set = PhotoSet.load(dir, PhotoSet.Options.defaults().withMaxShortSide(100)).data();
        assertEquals(2, set.size());
        Bitmap a = set.photo(0);
        assertEquals(100, a.height());
        assertEquals(167, a.width());
        assertEquals(dir.resolve("sub/b.png"), set.file(1));
        assertEquals(90, set.photo(1).width());
    }

    @Test
    void grayTinyAndBrokenPhotosAreNamedOrSkipped() throws IOException {
        ImageFiles.write(TestImages.pattern(100, 100, 3, 1), dir.resolve("ok.jpg"));
        ImageFiles.write(TestImages.pattern(100, 100, 1, 1), dir.resolve("gray.png"));
        ImageFiles.write(TestImages.pattern(30, 100, 3, 1), dir.resolve("small.png"));
        Files.createFile(dir.resolve("zero.jpg"));
        PhotoSet.Options options = PhotoSet.Options.defaults().withMinSide(64);
        assertThrows(BadInputException.class, () -> PhotoSet.load(dir, options));
        Loaded<PhotoSet> loaded = PhotoSet.load(dir, options.withPolicy(BadFilePolicy.SKIP));
        assertEquals(1, loaded.data().size());
        String report = loaded.report().toString();
        assertTrue(report.contains("gray.png: is a grayscale photo"), report);
        assertTrue(report.contains("small.png: is 30x100, smaller than the minimum side 64"), report);
        assertTrue(report.contains("zero.jpg: is empty"), report);
        // grayscale is fine when colour is not required (e.g. photos to colorize)
        assertEquals(2, PhotoSet.load(dir, options.withPolicy(BadFilePolicy.SKIP).withRequireColour(false))
                .data().size());
    }

    @Test
    void emptyFolderAndBadOptionsAreRejected() throws IOException {
        Files.writeString(dir.resolve("notes.txt"), "x");
        BadInputException e = assertThrows(BadInputException.class,
                () -> PhotoSet.load(dir, PhotoSet.Options.defaults()));
        assertTrue(e.problem().contains("holds no photos"));
        assertThrows(IllegalArgumentException.class, () -> PhotoSet.Options.defaults().withMaxShortSide(32));
        assertThrows(IllegalArgumentException.class, () -> PhotoSet.Options.defaults().withThreads(0));
    }

    @Test
    void splitHoldsOutWholePhotos() throws IOException {
        for (int i = 0; i < 10; i++) {
            ImageFiles.write(TestImages.pattern(70, 80, 3, i), dir.resolve("p" + i + ".png"));
        }
        PhotoSet set = PhotoSet.load(dir, PhotoSet.Options.defaults()).data();
        PhotoSet.Parts parts = set.split(0.3, 5);
        assertEquals(7, parts.train().size());
        assertEquals(3, parts.test().size());
        Set<Path> train = new HashSet<>();
        for (int i = 0; i < 7; i++) {
            train.add(parts.train().file(i));
        }
        for (int i = 0; i < 3; i++) {
            assertTrue(!train.contains(parts.test().file(i)));
        }
        assertEquals(List.of(parts.test().file(0)), List.of(set.split(0.3, 5).test().file(0)));
    }

    /** The real photos from the Debian wallpaper packages decode, and colour ones are kept. */
    @Test
    void debianWallpapersDecode() throws IOException {
        Path backgrounds = Path.of("/usr/share/backgrounds/mate/nature");
        assertTrue(Files.isDirectory(backgrounds), backgrounds + " is missing: run 'apt-get install mate-backgrounds'"
                + " (./run.sh test does it)");
        Loaded<PhotoSet> loaded = PhotoSet.load(backgrounds, PhotoSet.Options.defaults());
        assertTrue(loaded.data().size() >= 5, loaded.report().toString());
        for (int i = 0; i < loaded.data().size(); i++) {
            assertEquals(256, Math.min(loaded.data().photo(i).height(), loaded.data().photo(i).width()));
        }
    }
}
