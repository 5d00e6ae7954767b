package dev.pigment.core.source;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.pigment.core.BadFilePolicy;
import dev.pigment.core.BadInputException;
import dev.pigment.core.InputSpec;
import dev.pigment.core.Loaded;
import dev.pigment.core.Preprocessor;
import dev.pigment.core.TestImages;
import dev.pigment.core.image.ImageFiles;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ImageFolderTest {
    @TempDir
    Path root;

    private static final Preprocessor RGB32 = new Preprocessor(InputSpec.rgb(32, 32), false);

    private void catsAndDogs(int cats, int dogs) throws IOException {
        TestImages.writeClass(root, "cats", cats, 40, 48, "jpg");
        TestImages.writeClass(root, "dogs", dogs, 48, 40, "png");
    }

    @Test
    void scanListsClassesFromFolderNames() throws IOException {
        catsAndDogs(10, 5);
        Files.writeString(root.resolve("README.txt"), "not a class");
        ImageFolder f = ImageFolder.scan(root);
        assertEquals(List.of("cats", "dogs"), f.classNames());
        assertArrayEquals(new int[] {10, 5}, f.classCounts());
        assertEquals(root.resolve("cats/cats_0.jpg"), f.files().get(0));
    }

    @Test
    void splitIsStratifiedAndSeeded() throws IOException {
        catsAndDogs(20, 10);
        ImageFolder f = ImageFolder.scan(root);
        ImageFolder.Parts p = f.split(0.2, 3);
        assertArrayEquals(new int[] {4, 2}, p.test().classCounts());
        assertArrayEquals(new int[] {16, 8}, p.train().classCounts());
        assertEquals(p.test().files(), f.split(0.2, 3).test().files());
        assertNotEquals(p.test().files(), f.split(0.2, 4).test().files());
        assertTrue(p.train().files().stream().noneMatch(p.test().files()::contains));
    }

    @Test
    void loadDecodesOnceAndFitsMixedSizesAndChannelCounts() throws IOException {
        catsAndDogs(3, 3);
        ImageFiles.write(TestImages.pattern(64, 50, 1, 9), root.resolve("dogs/gray.png"));
        Loaded<LabelledImages> loaded = ImageFolder.scan(root).load(RGB32, BadFilePolicy.FAIL, 2);
        LabelledImages set = loaded.data();
        assertEquals(7, set.size());
        assertEquals(7, loaded.report().loaded());
        assertTrue(loaded.report().skipped().isEmpty());
        for (int i = 0; i < set.size(); i++) {
            assertEquals(32, set.image(i).height());
            assertEquals(32, set.image(i).width());
            assertEquals(3, set.image(i).channels());
        }
        assertArrayEquals(new int[] {3, 4}, set.classCounts());
        LabelledImages gray = ImageFolder.scan(root).load(new Preprocessor(InputSpec.gray(16, 16), false),
                BadFilePolicy.FAIL, 1).data();
        assertEquals(1, gray.image(0).channels());
    }

    @Test
    void badFilesFailByDefaultOrAreSkippedAndCounted() throws IOException {
        catsAndDogs(4, 4);
        Files.createFile(root.resolve("cats/empty.jpg"));
        Files.writeString(root.resolve("dogs/fake.png"), "this is text");
        TestImages.truncated(root.resolve("cats/cats_1.jpg"), root.resolve("cats/half.jpg"), 500);
        ImageFiles.write(TestImages.pattern(20, 20, 3, 1), root.resolve("dogs/tiny.png"));
        ImageFolder f = ImageFolder.scan(root);

        BadInputException e = assertThrows(BadInputException.class, () -> f.load(RGB32, BadFilePolicy.FAIL, 2));
        assertEquals(root.resolve("cats/empty.jpg"), e.file());

        Loaded<LabelledImages> loaded = f.load(RGB32, BadFilePolicy.SKIP, 2);
        assertEquals(8, loaded.data().size());
        assertEquals(4, loaded.report().skipped().size());
        String report = loaded.report().toString();
        assertTrue(report.contains("empty.jpg: is empty"), report);
        assertTrue(report.contains("fake.png: is not an image"), report);
        assertTrue(report.contains("half.jpg: is corrupt or truncated"), report);
        assertTrue(report.contains("tiny.png: image is 20x20, smaller than the model input 32x32"), report);

        assertEquals(9, f.load(new Preprocessor(InputSpec.rgb(32, 32), true), BadFilePolicy.SKIP, 1)
                .data().size());
    }

    @Test
    void aClassWhoseEveryFileIsBadIsAnError() throws IOException {
        TestImages.writeClass(root, "cats", 2, 40, 40, "png");
        Files.createDirectories(root.resolve("dogs"));
        Files.createFile(root.resolve("dogs/a.jpg"));
        BadInputException e = assertThrows(BadInputException.class,
                () -> ImageFolder.scan(root).load(RGB32, BadFilePolicy.SKIP, 1));
        assertEquals(root.resolve("dogs"), e.file());
    }

    @Test
    void emptySingleClassLooseAndMissingFoldersAreNamed() throws IOException {
        assertTrue(problem(root).contains("no class folders and no images"));
        ImageFiles.write(TestImages.solid(8, 8, 1, 1, 1), root.resolve("loose.png"));
        assertTrue(problem(root).contains("holds images but no class folders"));
        TestImages.writeClass(root, "cats", 2, 8, 8, "png");
        assertTrue(problem(root).contains("single class folder 'cats'"));
        Files.createDirectories(root.resolve("dogs"));
        BadInputException e = assertThrows(BadInputException.class, () -> ImageFolder.scan(root));
        assertEquals(root.resolve("dogs"), e.file());
        assertTrue(e.problem().contains("class folder with no images"));
        assertTrue(problem(root.resolve("nope")).contains("does not exist"));
    }

    private static String problem(Path dir) {
        BadInputException e = assertThrows(BadInputException.class, () -> ImageFolder.scan(dir));
        assertEquals(dir, e.file());
        return e.problem();
    }
}
