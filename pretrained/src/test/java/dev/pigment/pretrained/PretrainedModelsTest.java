package dev.pigment.pretrained;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.pigment.core.BadInputException;
import dev.pigment.core.metrics.Baselines;
import dev.pigment.core.metrics.ClassificationScores;
import dev.pigment.core.metrics.ColorizationScores;
import dev.pigment.core.source.PhotoSet;
import dev.pigment.core.source.QtResources;
import dev.pigment.models.colorizer.Colorizer;
import dev.pigment.models.colorizer.ColorizerConfig;
import dev.pigment.models.colorizer.ColorizerHead;
import dev.pigment.core.source.FashionMnist;
import dev.pigment.core.source.LabelledImages;
import dev.pigment.models.classifier.Classifier;
import dev.pigment.models.TestTimeAugmentation;
import dev.pigment.models.io.Pretrained;
import java.io.IOException;
import java.io.InputStream;
import java.io.StringReader;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The shipped models load in one line and score on the real data what their model cards say. */
class PretrainedModelsTest {
    /** The checked figures of a model card: the {@code key = value} lines of its last fenced block. */
    static Properties cardFigures(String name) throws IOException {
        String resource = Pretrained.cardResource(name);
        URL url = PretrainedModelsTest.class.getClassLoader().getResource(resource);
        assertTrue(url != null, resource + " is on the class path");
        String card;
        try (InputStream in = url.openStream()) {
            card = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        Matcher m = Pattern.compile("```\\n([^`]*)```\\s*$").matcher(card);
        assertTrue(m.find(), resource + " ends with a fenced block of checked figures");
        Properties p = new Properties();
        p.load(new StringReader(m.group(1)));
        return p;
    }

    static double figure(Properties card, String key) {
        String v = card.getProperty(key);
        assertTrue(v != null, "the card gives " + key);
        return Double.parseDouble(v.trim());
    }

    @Test
    void fashionMnistClassifierScoresWhatItsCardSays() throws Exception {
        assertTrue(Files.isDirectory(FashionMnist.DEBIAN_DIR), "needs the Debian package dataset-fashion-mnist ("
                + FashionMnist.DEBIAN_DIR + "); ./run.sh test installs it");
        Properties card = cardFigures(Pretrained.FASHION_MNIST);
        Classifier model = Classifier.pretrained(Pretrained.FASHION_MNIST);
        assertEquals(FashionMnist.CLASS_NAMES, model.classNames());
        assertEquals(TestTimeAugmentation.HORIZONTAL_FLIP, model.testTimeAugmentation());
        LabelledImages test = FashionMnist.test(FashionMnist.DEBIAN_DIR);
        ClassificationScores e = model.evaluate(test, 3);
        assertEquals(10_000, e.total());
        // another CPU's kernels may flip a few of the 10,000 predictions: allow 5
        assertEquals(figure(card, "test.accuracy"), e.accuracy(), 5e-4, e.toString());
        ClassificationScores plain = model.evaluate(test, 1, 256, TestTimeAugmentation.NONE);
        assertEquals(figure(card, "test.accuracy.plain"), plain.accuracy(), 5e-4, plain.toString());
    }

    @Test
    void theDefaultColorizerIsThePhotosOneAndScoresWhatItsCardSays(@TempDir Path tmp) throws Exception {
        // the card's figures are this model's own: another model would not score them
        checkColorizer(Pretrained.PHOTOS, Colorizer.pretrained(), tmp);
    }

    @Test
    void wallpaperColorizerScoresWhatItsCardSays(@TempDir Path tmp) throws Exception {
        checkColorizer(Pretrained.WALLPAPERS, Colorizer.pretrained(Pretrained.WALLPAPERS), tmp);
    }

    /**
     * A colorizer's card figures on its held-out photos: files, or photographs inside Qt resource archives given as
     * {@code ARCHIVE!PATH} (written to {@code tmp} to be read like the files).
     */
    private static void checkColorizer(String name, Colorizer colorizer, Path tmp) throws Exception {
        Properties card = cardFigures(name);
        List<String[]> entries = Arrays.stream(card.getProperty("heldout.files").split(","))
                .map(e -> e.trim().split("!", 2)).toList();
        Map<Path, Map<String, byte[]>> archives = new HashMap<>();
        List<Path> files = new ArrayList<>();
        for (String[] entry : entries) {
            Path file = Path.of(entry[0]);
            assertTrue(Files.isRegularFile(file), "needs the Debian photo packages for " + file
                    + "; ./run.sh test installs them");
            if (entry.length == 1) {
                files.add(file);
                continue;
            }
            Map<String, byte[]> archived = archives.computeIfAbsent(file, a -> read(a, entries));
            byte[] bytes = archived.get(entry[1]);
            assertNotNull(bytes, file + " holds " + entry[1]);
            Path copy = tmp.resolve(files.size() + "-" + Path.of(entry[1]).getFileName());
            Files.write(copy, bytes);
            files.add(copy);
        }
        PhotoSet heldOut = PhotoSet.load(files, PhotoSet.Options.defaults()).data();
        assertEquals((int) figure(card, "heldout.members"), colorizer.members().size(), "members");
        assertEquals(new ColorizerHead.Regression(110f, ColorizerConfig.Loss.L2), colorizer.head());
        assertEquals(TestTimeAugmentation.HORIZONTAL_FLIP, colorizer.testTimeAugmentation(), "flip-averaged");
        ColorizationScores s = colorizer.evaluate(heldOut);
        assertEquals(files.size(), s.images());
        assertEquals(figure(card, "heldout.psnr"), s.psnr(), 0.02, s.toString());
        assertEquals(figure(card, "heldout.auc"), s.auc(), 0.002, s.toString());
        assertEquals(figure(card, "heldout.colourfulness"), s.colourfulnessRatio(), 0.01, s.toString());
        ColorizationScores gray = ColorizationScores.of(heldOut.photos(),
                heldOut.photos().stream().map(Baselines::gray).toList());
        assertEquals(figure(card, "heldout.gray.psnr"), gray.psnr(), 0.005, gray.toString());
    }

    /** The files of {@code archive} that {@code entries} name. */
    private static Map<String, byte[]> read(Path archive, List<String[]> entries) {
        Set<String> wanted = entries.stream().filter(e -> e.length == 2 && Path.of(e[0]).equals(archive))
                .map(e -> e[1]).collect(Collectors.toSet());
        try {
            return QtResources.read(archive, wanted::contains);
        } catch (BadInputException e) {
            throw new AssertionError(e.getMessage(), e);
        }
    }

    @Test
    void loadsFromAStreamAndAUrlAlike() throws Exception {
        URL url = Pretrained.locate(Pretrained.FASHION_MNIST, getClass().getClassLoader());
        Classifier fromUrl = Classifier.load(url);
        Classifier fromStream;
        try (InputStream in = url.openStream()) {
            fromStream = Classifier.load(in, url.toString());
        }
        LabelledImages test = FashionMnist.test(FashionMnist.DEBIAN_DIR);
        for (int i = 0; i < 5; i++) {
            assertEquals(fromUrl.classify(test.image(i)), fromStream.classify(test.image(i)));
        }
    }

    @Test
    void namesWhatIsMissingOrWrong() {
        BadInputException unknown = assertThrows(BadInputException.class, () -> Classifier.pretrained("cifar-100"));
        assertTrue(unknown.getMessage().contains("no pretrained model \"cifar-100\""), unknown.getMessage());
        assertTrue(unknown.getMessage().contains("\"photos\""), unknown.getMessage());
        assertThrows(IllegalArgumentException.class, () -> Classifier.pretrained("../etc"));
        BadInputException notAModel = assertThrows(BadInputException.class, () -> Classifier.load(
                new java.io.ByteArrayInputStream("not a model".getBytes(StandardCharsets.UTF_8)), "upload.bin"));
        assertTrue(notAModel.getMessage().startsWith("upload.bin: "), notAModel.getMessage());
    }
}
