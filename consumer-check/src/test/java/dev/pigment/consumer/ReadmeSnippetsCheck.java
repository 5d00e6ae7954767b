package dev.pigment.consumer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.pigment.core.image.Bitmap;
import dev.pigment.core.image.ImageFiles;
import dev.pigment.models.classifier.Classifier;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The README's two user snippets, run as a pigment user would: in a separate Maven project (src/it/consumer) that
 * imports the installed pigment-bom, depends on pigment-models and pigment-pretrained and picks the nd4j-native
 * backend itself. Each snippet is the body of a main method there, with the pigment, java.nio.file and java.util
 * packages imported.
 */
class ReadmeSnippetsCheck {
    static final Path ROOT = Path.of(System.getProperty("pigment.root", "..")).toAbsolutePath().normalize();
    static final Path PROJECT = ROOT.resolve("consumer-check/target/consumer");
    static final String IMPORTS = "import dev.pigment.core.*;\nimport dev.pigment.core.image.*;\n"
            + "import dev.pigment.core.source.*;\nimport dev.pigment.models.classifier.*;\n"
            + "import dev.pigment.models.colorizer.*;\nimport dev.pigment.models.train.*;\n"
            + "import java.nio.file.*;\nimport java.util.*;\n";
    /** A snippet is a java block right after a {@code <!-- consumer-check: Name -->} line. */
    static final Pattern SNIPPET = Pattern.compile("<!-- consumer-check: (\\w+) -->\\s*```java\\n(.*?)```",
            Pattern.DOTALL);
    static final Map<String, String> snippets = new LinkedHashMap<>();
    static String classpath;

    @BeforeAll
    static void buildTheConsumerProject() throws Exception {
        String readme = Files.readString(ROOT.resolve("README.md"));
        Matcher m = SNIPPET.matcher(readme);
        while (m.find()) {
            snippets.put(m.group(1), m.group(2));
        }
        assertEquals(List.of("TrainOnAFolder", "ColorizeAPhoto"), List.copyOf(snippets.keySet()),
                "README.md marks the two snippets");
        deleteRecursively(PROJECT);
        Path src = Files.createDirectories(PROJECT.resolve("src/main/java"));
        String pom = Files.readString(ROOT.resolve("consumer-check/src/it/consumer/pom.xml"))
                .replace("@pigment.version@", System.getProperty("pigment.version"));
        Files.writeString(PROJECT.resolve("pom.xml"), pom);
        // its own .mvn (so Maven does not take pigment's), with the one line the README asks a user to add
        Files.writeString(Files.createDirectories(PROJECT.resolve(".mvn")).resolve("maven.config"),
                "-Djavacpp.platform=linux-x86_64\n");
        for (Map.Entry<String, String> s : snippets.entrySet()) {
            long lines = s.getValue().lines().count();
            assertTrue(lines <= 15, s.getKey() + " has " + lines + " lines; the README promises at most 15");
            String body = s.getValue().lines().map(l -> "        " + l).reduce("", (a, b) -> a + b + "\n");
            Files.writeString(src.resolve(s.getKey() + ".java"), IMPORTS + "\npublic class " + s.getKey()
                    + " {\n    public static void main(String[] args) throws Exception {\n" + body + "    }\n}\n");
        }
        writeData();
        List<String> mvn = new ArrayList<>(List.of(ROOT.resolve("mvnw").toString(), "-B", "-q", "-f",
                PROJECT.resolve("pom.xml").toString(), "-Dmaven.repo.local=" + System.getProperty("maven.repo.local"), "compile",
                "dependency:build-classpath", "-Dmdep.outputFile=" + PROJECT.resolve("classpath.txt")));
        run(mvn, PROJECT, 600, "the consumer project builds against the installed artifacts");
        classpath = PROJECT.resolve("target/classes") + java.io.File.pathSeparator
                + Files.readString(PROJECT.resolve("classpath.txt")).trim();
        assertTrue(!classpath.contains("nd4j-cuda") && classpath.contains("nd4j-native-1.0.0-M2.1-linux-x86_64-onednn"
                + "-avx2.jar"), "the backend is the one the consumer chose: " + classpath);
        assertTrue(!classpath.contains("xchart"), "the library brings no plotting library");
    }

    /** Two classes of striped images in {@code images/}, and a gray copy of a real photo as {@code photo.jpg}. */
    static void writeData() throws IOException {
        Random r = new Random(5);
        for (String cls : List.of("horizontal", "vertical")) {
            Path dir = Files.createDirectories(PROJECT.resolve("images").resolve(cls));
            for (int i = 0; i < 24; i++) {
                int size = 40;
                byte[] px = new byte[size * size * 3];
                int period = 4 + r.nextInt(4);
                for (int y = 0; y < size; y++) {
                    for (int x = 0; x < size; x++) {
                        int v = ((cls.equals("horizontal") ? y : x) / (period / 2)) % 2 == 0 ? 220 : 30;
                        v = Math.max(0, Math.min(255, v + r.nextInt(41) - 20));
                        for (int c = 0; c < 3; c++) {
                            px[(y * size + x) * 3 + c] = (byte) v;
                        }
                    }
                }
                ImageFiles.write(Bitmap.of(size, size, 3, px), dir.resolve(i + ".png"));
            }
        }
        Path photo = Path.of("/usr/share/backgrounds/mate/nature/Dune.jpg");
        assertTrue(Files.isRegularFile(photo), "needs the Debian package mate-backgrounds (" + photo + ")");
        ImageFiles.write(ImageFiles.read(photo).resizeShorterSide(360).toGray(), PROJECT.resolve("photo.jpg"));
    }

    @Test
    void theBomAlignsWhatThisBuildUses() throws Exception {
        String bom = Files.readString(ROOT.resolve("bom/pom.xml"));
        String parent = Files.readString(ROOT.resolve("pom.xml"));
        Matcher dl4j = Pattern.compile("<dl4j.version>([^<]+)</dl4j.version>").matcher(parent);
        assertTrue(dl4j.find());
        Matcher versions = Pattern.compile("<artifactId>([^<]+)</artifactId>\\s*<version>([^<]+)</version>")
                .matcher(bom);
        int checked = 0;
        while (versions.find()) {
            String artifact = versions.group(1);
            String expected = artifact.startsWith("pigment-") ? System.getProperty("pigment.version")
                    : artifact.equals("dnnl") || artifact.equals("opencl") ? property(parent, artifact + ".version")
                    : dl4j.group(1);
            assertEquals(expected, versions.group(2), "pigment-bom's version of " + versions.group(1));
            checked++;
        }
        assertTrue(checked >= 8, checked + " versions in the BOM");
    }

    /** The value of {@code <name>} in a POM's text; fails if there is none. */
    private static String property(String pom, String name) {
        Matcher m = Pattern.compile("<" + Pattern.quote(name) + ">([^<]+)</" + Pattern.quote(name) + ">").matcher(pom);
        assertTrue(m.find(), "pom.xml sets " + name);
        return m.group(1);
    }

    @Test
    void trainsAndUsesAClassifierOnAFolder() throws Exception {
        String out = run(List.of(java(), "-cp", classpath, "TrainOnAFolder"), PROJECT, 600, "TrainOnAFolder runs");
        Path model = PROJECT.resolve("classifier.pigment");
        assertTrue(Files.isRegularFile(model), "the snippet saves " + model + "; output:\n" + out);
        Classifier back = Classifier.load(model);
        assertEquals(List.of("horizontal", "vertical"), back.classNames());
        assertTrue(out.contains("horizontal") || out.contains("vertical"), out);
        assertEquals("vertical", back.classify(PROJECT.resolve("images/vertical/0.png")).label(), out);
    }

    @Test
    void colorizesAPhotoWithThePretrainedColorizer() throws Exception {
        run(List.of(java(), "-cp", classpath, "ColorizeAPhoto"), PROJECT, 600, "ColorizeAPhoto runs");
        Bitmap gray = ImageFiles.read(PROJECT.resolve("photo.jpg"));
        Bitmap colour = ImageFiles.read(PROJECT.resolve("photo-colour.png"));
        assertEquals(gray.height(), colour.height());
        assertEquals(gray.width(), colour.width());
        long coloured = 0;
        for (int y = 0; y < colour.height(); y += 3) {
            for (int x = 0; x < colour.width(); x += 3) {
                int spread = Math.max(Math.abs(colour.get(y, x, 0) - colour.get(y, x, 1)),
                        Math.abs(colour.get(y, x, 1) - colour.get(y, x, 2)));
                coloured += spread > 4 ? 1 : 0;
            }
        }
        assertTrue(coloured > 100, "the gray photo came back in colour: " + coloured + " coloured samples");
    }

    static String java() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }

    static String run(List<String> command, Path dir, int seconds, String what) throws Exception {
        Path log = Files.createTempFile("consumer-check-", ".log");
        Process p = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true)
                .redirectOutput(log.toFile()).start();
        boolean done = p.waitFor(seconds, TimeUnit.SECONDS);
        if (!done) {
            p.destroyForcibly();
        }
        String out = Files.readString(log, StandardCharsets.UTF_8);
        Files.delete(log);
        assertTrue(done && p.exitValue() == 0, what + " (" + String.join(" ", command) + "): "
                + (done ? "exit " + p.exitValue() : "timed out after " + seconds + " s") + "\n" + out);
        return out;
    }

    static void deleteRecursively(Path dir) throws IOException {
        if (Files.exists(dir)) {
            try (var files = Files.walk(dir)) {
                for (Path f : files.sorted(java.util.Comparator.reverseOrder()).toList()) {
                    Files.delete(f);
                }
            }
        }
    }
}
