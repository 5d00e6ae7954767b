package dev.pigment.pretrained;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.pigment.core.BadInputException;
import dev.pigment.core.metrics.Baselines;
import dev.pigment.core.metrics.ClassificationScores;
import dev.pigment.core.metrics.ColorizationScores;
import dev.pigment.core.source.PhotoSet;
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
import java.util.Arrays;
import java.util.List;
import java.util.Properties;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

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
    void wallpaperColorizerScoresWhatItsCardSays() throws Exception {
        Properties card = cardFigures(Pretrained.WALLPAPERS);
        List<Path> files = Arrays.stream(card.getProperty("heldout.files").split(",")).map(String::trim)
                .map(Path::of).toList();
        for (Path f : files) {
            assertTrue(Files.isRegularFile(f), "needs the Debian wallpaper packages for " + f
                    + "; ./run.sh test installs them");
        }
        PhotoSet heldOut = PhotoSet.load(files, PhotoSet.Options.defaults()).data();
        Colorizer colorizer = Colorizer.pretrained();
        assertEquals(1, colorizer.members().size(), "the default: one model");
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
        assertThrows(IllegalArgumentException.class, () -> Classifier.pretrained("../etc"));
        BadInputException notAModel = assertThrows(BadInputException.class, () -> Classifier.load(
                new java.io.ByteArrayInputStream("not a model".getBytes(StandardCharsets.UTF_8)), "upload.bin"));
        assertTrue(notAModel.getMessage().startsWith("upload.bin: "), notAModel.getMessage());
    }
}
