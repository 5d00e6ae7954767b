package dev.pigment.models.io;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.pigment.core.BadInputException;
import dev.pigment.core.InputSpec;
import dev.pigment.core.source.PhotoSet;
import dev.pigment.models.classifier.Classifier;
import dev.pigment.models.classifier.ClassifierConfig;
import dev.pigment.models.classifier.Stage;
import dev.pigment.models.colorizer.Colorizer;
import dev.pigment.models.colorizer.ColorizerConfig;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.io.OutputStream;
import java.io.Serializable;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import java.util.zip.ZipOutputStream;
import org.deeplearning4j.util.ModelSerializer;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Model files from others: only data is read, within limits, and every bad file is a clear error naming it. */
class ModelFileTest {
    /** Records that Java deserialisation ran its {@code readObject}. */
    static final class Canary implements Serializable {
        private static final long serialVersionUID = 1L;
        static final AtomicBoolean DESERIALIZED = new AtomicBoolean();

        private void readObject(ObjectInputStream in) throws IOException, ClassNotFoundException {
            in.defaultReadObject();
            DESERIALIZED.set(true);
        }
    }

    @TempDir
    static Path dir;
    static Path good;
    static Path goodColorizer;
    static long numParams;

    @BeforeAll
    static void saveOne() throws IOException {
        ClassifierConfig config = ClassifierConfig.builder(InputSpec.gray(8, 8), 2).stage(Stage.of(4, 1))
                .seed(1).build();
        Classifier c = Classifier.create(config, List.of("a", "b"));
        numParams = c.network().numParams();
        good = dir.resolve("good.pigment");
        c.save(good, true);
        Path photos = Files.createDirectories(dir.resolve("photos"));
        for (int i = 0; i < 2; i++) {
            dev.pigment.core.image.ImageFiles.write(dev.pigment.core.image.Bitmap.of(16, 16, 3,
                    new java.util.SplittableRandom(i).ints(16 * 16 * 3, 0, 256).collect(
                    ByteArrayOutputStream::new, (o, v) -> o.write(v), (x, y) -> x.writeBytes(y.toByteArray()))
                    .toByteArray()), photos.resolve(i + ".png"));
        }
        goodColorizer = dir.resolve("colorizer.pigment");
        Colorizer.create(ColorizerConfig.builder(InputSpec.lightness(16, 16)).widths(4, 8).workingSide(16).seed(2)
                .build(), PhotoSet.load(photos, PhotoSet.Options.defaults().withMinSide(16)).data())
                .save(goodColorizer);
    }

    static Stream<Arguments> badColorizerMetadata() {
        return Stream.of(
                Arguments.of("size multiple 0", "sizeMultiple=0", "sizeMultiple must be a power of two"),
                Arguments.of("size multiple 3", "sizeMultiple=3", "sizeMultiple must be a power of two"),
                Arguments.of("working side 5", "workingSide=5", "workingSide must be in"),
                Arguments.of("working side text", "workingSide=big", "inconsistent colorizer metadata"),
                Arguments.of("mean colour NaN", "meanAb=NaN,0", "meanAb must be two finite numbers"),
                Arguments.of("mean colour one number", "meanAb=3", "inconsistent colorizer metadata"),
                Arguments.of("a*b* scale 0", "abScale=0", "abScale must be in (0, 1000)"),
                Arguments.of("unknown head", "head=MAGIC", "inconsistent colorizer metadata"),
                Arguments.of("head of another shape", "head=CLASSIFICATION\ntemperature=0.38\nbins="
                        + "10 0:0:0.5:1 10:0:0.5:1 0:10:0.5:1", "output channels"),
                Arguments.of("input not L*", "input.colorSpace=RGB", "input is L*"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("badColorizerMetadata")
    void colorizerMetadataOutOfRangeIsAClearError(String name, String lines, String expected) throws IOException {
        Path f = dir.resolve("colorizer-" + name.replace(' ', '-') + ".pigment");
        Files.copy(goodColorizer, f, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        metadata(lines).apply(f);
        BadInputException x = assertThrows(BadInputException.class, () -> Colorizer.load(f));
        assertTrue(x.getMessage().contains(f.toString()), x.getMessage());
        assertTrue(x.getMessage().contains(expected), name + ": " + x.getMessage());
    }

    @Test
    void aGoodFileLoadsWithItsUpdaterState() throws IOException {
        ModelFile.Contents c = ModelFile.read(good, Classifier.KIND);
        assertEquals(numParams, c.network().numParams());
        assertTrue(c.network().getUpdater().getStateViewArray().length() > 0);
    }

    @Test
    void anEntryThatWouldBeDeserializedIsRefusedUnread() throws IOException {
        ByteArrayOutputStream object = new ByteArrayOutputStream();
        try (ObjectOutputStream out = new ObjectOutputStream(object)) {
            out.writeObject(new Canary());
        }
        Path crafted = rewrite("crafted", e -> e.put("preprocessor.bin", object.toByteArray()));
        Canary.DESERIALIZED.set(false);
        BadInputException x = assertThrows(BadInputException.class, () -> Classifier.load(crafted));
        assertTrue(x.getMessage().contains("\"preprocessor.bin\"") && x.getMessage().contains("crafted"),
                x.getMessage());
        assertFalse(Canary.DESERIALIZED.get(), "pigment ran Java deserialisation on a model file");
        // the control: DL4J's own reader does deserialise that entry, which is why pigment reads the file itself
        try {
            ModelSerializer.restoreComputationGraph(crafted.toFile(), false);
        } catch (Exception | Error ignored) {
            // whether or not DL4J then fails, the object was read
        }
        assertTrue(Canary.DESERIALIZED.get(), "the control: DL4J's ModelSerializer deserialises preprocessor.bin");
    }

    static Stream<Arguments> badFiles() {
        return Stream.of(
                Arguments.of("zero bytes", (Mutation) f -> Files.write(f, new byte[0]), "truncated or corrupt"),
                Arguments.of("text", (Mutation) f -> Files.writeString(f, "hello"), "truncated or corrupt"),
                Arguments.of("truncated", (Mutation) f -> Files.write(f, java.util.Arrays.copyOf(
                        Files.readAllBytes(good), (int) Files.size(good) / 2)), "truncated or corrupt"),
                Arguments.of("unknown entry", entries(e -> e.put("notes.txt", new byte[1])), "\"notes.txt\""),
                Arguments.of("folder entry", entries(e -> e.put("x/", new byte[0])), "\"x/\""),
                Arguments.of("other kind", metadata("kind=colorizer"), "is a colorizer model, not a classifier"),
                Arguments.of("future version", metadata("pigment.version=2"), "model format version 2"),
                Arguments.of("many members", metadata("members=100000"), "invalid member count 100000"),
                Arguments.of("missing member", metadata("members=2"), "lacks member-2.bin"),
                Arguments.of("no metadata", entries(e -> e.remove(ModelFile.METADATA)), "a plain DL4J model?"),
                Arguments.of("no weights", entries(e -> e.remove(ModelSerializer.COEFFICIENTS_BIN)),
                        "lacks coefficients.bin"),
                Arguments.of("not json", entries(e -> e.put(ModelSerializer.CONFIGURATION_JSON,
                        "{\"vertices\": 7".getBytes(StandardCharsets.UTF_8))), "is not a DL4J graph configuration"),
                Arguments.of("configuration bomb", entries(e -> e.put(ModelSerializer.CONFIGURATION_JSON,
                        new byte[(int) ModelFile.MAX_CONFIGURATION_BYTES + 1])), "a model file may hold there"),
                Arguments.of("weights bomb", entries(e -> e.put(ModelSerializer.COEFFICIENTS_BIN,
                        new byte[(int) numParams * 4 + 8192])), "a model file may hold there"),
                Arguments.of("forged length", entries(e -> e.put(ModelSerializer.COEFFICIENTS_BIN,
                        forgeLength(e.get(ModelSerializer.COEFFICIENTS_BIN), 1L << 40))), "FLOAT values"),
                Arguments.of("short weights", entries(e -> {
                    byte[] w = e.get(ModelSerializer.COEFFICIENTS_BIN);
                    e.put(ModelSerializer.COEFFICIENTS_BIN, java.util.Arrays.copyOf(w, w.length - 4));
                }), "FLOAT values"),
                Arguments.of("cut header", entries(e -> e.put(ModelSerializer.COEFFICIENTS_BIN, java.util.Arrays
                        .copyOf(e.get(ModelSerializer.COEFFICIENTS_BIN), 20))), "not an ND4J array"),
                Arguments.of("NaN weights", entries(e -> {
                    byte[] w = e.get(ModelSerializer.COEFFICIENTS_BIN);
                    ByteBuffer.wrap(w).putFloat(w.length - 4, Float.NaN);
                }), "NaN or infinite"),
                Arguments.of("infinite updater state", entries(e -> {
                    byte[] w = e.get(ModelSerializer.UPDATER_BIN);
                    ByteBuffer.wrap(w).putFloat(w.length - 4, Float.POSITIVE_INFINITY);
                }), "NaN or infinite"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("badFiles")
    void badFilesAreClearErrorsNamingTheFile(String name, Mutation mutation, String expected) throws IOException {
        Path f = dir.resolve(name.replace(' ', '-') + ".pigment");
        Files.copy(good, f, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        mutation.apply(f);
        BadInputException x = assertThrows(BadInputException.class, () -> Classifier.load(f));
        assertTrue(x.getMessage().contains(f.toString()), x.getMessage());
        assertTrue(x.getMessage().contains(expected), name + ": " + x.getMessage());
    }

    @FunctionalInterface
    interface Mutation {
        void apply(Path file) throws IOException;
    }

    private static Mutation entries(Consumer<Map<String, byte[]>> change) {
        return f -> write(f, change(read(f), change));
    }

    private static Mutation metadata(String line) {
        return entries(e -> {
            String text = new String(e.get(ModelFile.METADATA), StandardCharsets.ISO_8859_1) + line + "\n";
            e.put(ModelFile.METADATA, text.getBytes(StandardCharsets.ISO_8859_1));
        });
    }

    private static Path rewrite(String name, Consumer<Map<String, byte[]>> change) throws IOException {
        Path f = dir.resolve(name + ".pigment");
        write(f, change(read(good), change));
        return f;
    }

    private static Map<String, byte[]> change(Map<String, byte[]> entries, Consumer<Map<String, byte[]>> change) {
        change.accept(entries);
        return entries;
    }

    private static Map<String, byte[]> read(Path f) throws IOException {
        Map<String, byte[]> entries = new LinkedHashMap<>();
        try (ZipFile zip = new ZipFile(f.toFile())) {
            for (ZipEntry e : Collections.list(zip.entries())) {
                entries.put(e.getName(), zip.getInputStream(e).readAllBytes());
            }
        }
        return entries;
    }

    private static void write(Path f, Map<String, byte[]> entries) throws IOException {
        try (OutputStream os = Files.newOutputStream(f); ZipOutputStream zip = new ZipOutputStream(os)) {
            for (Map.Entry<String, byte[]> e : entries.entrySet()) {
                zip.putNextEntry(new ZipEntry(e.getKey()));
                zip.write(e.getValue());
                zip.closeEntry();
            }
        }
    }

    /** The weights with their data buffer's stated length replaced (ND4J's layout: shape buffer, data buffer). */
    private static byte[] forgeLength(byte[] weights, long length) {
        try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(weights))) {
            in.readUTF();
            long shapeLength = in.readLong();
            in.readUTF();
            in.skipNBytes(8 * shapeLength);
            in.readUTF();
            int at = weights.length - in.available();
            byte[] forged = weights.clone();
            ByteBuffer.wrap(forged).putLong(at, length);
            return forged;
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
