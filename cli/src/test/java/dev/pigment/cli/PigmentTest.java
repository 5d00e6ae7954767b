package dev.pigment.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.pigment.core.image.Bitmap;
import dev.pigment.core.image.ImageFiles;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/** The command line as a person meets it: help, bad options, errors, and real runs with the pretrained models. */
class PigmentTest {
    /** What one run printed and returned. */
    record Run(int status, String out, String err) {
    }

    static Run run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int status = Pigment.execute(args, new PrintWriter(out, true), new PrintWriter(err, true));
        return new Run(status, out.toString(), err.toString());
    }

    @ParameterizedTest
    @ValueSource(strings = {"demo", "train-classifier", "evaluate", "classify", "fine-tune", "train-colorizer",
        "colorize", "serve", "benchmark"})
    void everySubcommandHasHelpWithExamples(String command) {
        Run r = run(command, "--help");
        assertEquals(0, r.status(), r.err());
        assertTrue(r.out().startsWith("Usage: pigment " + command), r.out());
        assertTrue(r.out().contains("Examples:") && r.out().contains("--verbose") && r.out().contains("--quiet"),
                r.out());
    }

    @Test
    void theTopLevelHelpListsEveryCommand() {
        Run r = run("--help");
        assertEquals(0, r.status());
        for (String c : List.of("demo", "train-classifier", "evaluate", "classify", "fine-tune", "train-colorizer",
                "colorize", "serve", "benchmark")) {
            assertTrue(r.out().contains("  " + c + " "), c + " in " + r.out());
        }
        assertEquals(Pigment.USAGE, run().status(), "no command is a usage error");
    }

    static Stream<Arguments> badCommandLines() {
        return Stream.of(
                Arguments.of(List.of("classify", "--top", "x", "a.png"), "--top"),
                Arguments.of(List.of("classify", "--top", "0", "a.png"), "--top must be in 1..10"),
                Arguments.of(List.of("classify", "--format", "xml", "a.png"), "--format"),
                Arguments.of(List.of("classify"), "PATH"),
                Arguments.of(List.of("classify", "--batch", "0", "a.png"), "--batch must be at least 1"),
                Arguments.of(List.of("evaluate", "--data", "mnist"), "not a data source"),
                Arguments.of(List.of("train-classifier", "--epochs", "0"), "--epochs must be in 1.."),
                Arguments.of(List.of("train-classifier", "--data", "cifar10:x", "--resume"), "work with fashion-mnist"),
                Arguments.of(List.of("train-colorizer", "--heads", "magic"), "--heads"),
                Arguments.of(List.of("train-colorizer", "--loss", "l3"), "--loss"),
                Arguments.of(List.of("train-colorizer", "--members", "0"), "--members must be in 1..16"),
                // the heads parse in lower case, as the help writes them: the error is the next option's
                Arguments.of(List.of("train-colorizer", "--heads", "regression,classification", "--members", "0"),
                        "--members must be in 1..16"),
                Arguments.of(List.of("train-colorizer", "--held-out", "1"), "--held-out must be in (0, 1)"),
                Arguments.of(List.of("train-colorizer", "--sources", "nope"), "unknown photo source \"nope\""),
                Arguments.of(List.of("train-colorizer", "--photos", "p", "--sources", "all"), "--sources"),
                Arguments.of(List.of("train-colorizer", "--zoom", "2"), "--zoom takes MIN,MAX, got 1 value(s)"),
                Arguments.of(List.of("train-colorizer", "--zoom", "3,2"), "--zoom: need 1 <= MIN <= MAX <= 16"),
                Arguments.of(List.of("train-colorizer", "--working-side", "8"), "--working-side must be in 16..4096"),
                Arguments.of(List.of("train-colorizer", "--widths", "8,16,32,64,128,256", "--working-side", "16"),
                        "--working-side must be in 32..4096 for 6 levels, got 16"),
                Arguments.of(List.of("train-classifier", "--data", "folder:x", "--erasing", "0.5"), "--erasing"),
                Arguments.of(List.of("train-classifier", "--shift", "20"), "--shift in 0..8"),
                Arguments.of(List.of("serve", "--perplexity", "1"), "--perplexity"),
                Arguments.of(List.of("serve", "--points", "5"), "--points must be in 100..20000"),
                Arguments.of(List.of("serve", "--port", "70000"), "--port must be in 0..65535"),
                Arguments.of(List.of("benchmark", "--workload", "RESNET"), "--workload"),
                Arguments.of(List.of("benchmark", "--rounds", "0"), "--rounds must be in 1..100"),
                Arguments.of(List.of("benchmark", "--heap", "lots"), "--heap"),
                Arguments.of(List.of("benchmark", "--peer", "no-such-peer.jar"), "no-such-peer.jar is not built"),
                Arguments.of(List.of("colorize", "in.jpg"), "--out"),
                Arguments.of(List.of("colorize", "in.jpg", "--out", "o.png", "--model", "m.pigment", "--pretrained",
                        "photos"), "--model or --pretrained"),
                Arguments.of(List.of("colorize", "in.jpg", "--out", "o.png", "--pretrained", "fashion-mnist"),
                        "--pretrained must be one of [photos, wallpapers]"),
                Arguments.of(List.of("colorize", "in.jpg", "--out", "o.png", "--working-side", "8"),
                        "--working-side must be in 16..4096, got 8"),
                Arguments.of(List.of("fine-tune", "--data", "d"), "--model"),
                Arguments.of(List.of("demo", "--classifier-seconds", "-1"), "time budgets"),
                Arguments.of(List.of("colourise"), "colourise"));
    }

    @ParameterizedTest
    @MethodSource("badCommandLines")
    void aBadCommandLineIsOneLineNamingTheOptionAndStatusTwo(List<String> args, String named) {
        Run r = run(args.toArray(String[]::new));
        assertEquals(Pigment.USAGE, r.status(), r.err());
        List<String> lines = r.err().lines().filter(l -> !l.contains("ND4J") && !l.isBlank()).toList();
        assertTrue(lines.size() <= 2 && lines.get(0).contains(named), r.err());
        assertFalse(r.err().contains("\tat "), "no stack trace: " + r.err());
    }

    @Test
    void aFailedRunIsOneLineAndStatusOneWithTheTraceOnlyWhenVerbose(@TempDir Path dir) throws Exception {
        Path text = Files.writeString(dir.resolve("notes.png"), "not a picture");
        Run r = run("classify", "-q", text.toString());
        assertEquals(Pigment.FAILED, r.status());
        assertEquals(1, r.err().lines().count(), r.err());
        assertTrue(r.err().contains("notes.png") && r.err().contains("not an image"), r.err());
        Run verbose = run("classify", "-v", text.toString());
        assertEquals(Pigment.FAILED, verbose.status());
        assertTrue(verbose.err().contains("\tat "), "the trace with --verbose");
    }

    private static Bitmap noise(int h, int w, int channels, long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        byte[] px = new byte[h * w * channels];
        for (int i = 0; i < px.length; i++) {
            px[i] = (byte) r.nextInt(256);
        }
        return Bitmap.of(h, w, channels, px);
    }

    @Test
    void classifiesFilesAndFoldersAsTableCsvAndJson(@TempDir Path dir) throws Exception {
        for (int i = 0; i < 3; i++) {
            ImageFiles.write(noise(28, 28, 1, i), dir.resolve("shoes/s" + i + ".png"));
        }
        Files.writeString(dir.resolve("shoes/broken.png"), "x");
        Path one = dir.resolve("shoes/s0.png");
        Run table = run("classify", "-q", "--top", "2", one.toString());
        assertEquals(0, table.status(), table.err());
        assertTrue(table.out().startsWith(one.toString()) && table.out().contains("%"), table.out());
        assertEquals("", table.err(), "quiet");

        Run csv = run("classify", "--format", "csv", "--skip-bad", dir.resolve("shoes").toString());
        assertEquals(0, csv.status(), csv.err());
        List<String> rows = csv.out().lines().toList();
        assertEquals("file,label,probability", rows.get(0));
        assertEquals(4, rows.size(), csv.out());
        assertTrue(csv.err().contains("skipped") && csv.err().contains("broken.png"), csv.err());
        assertTrue(csv.err().contains("ND4J"), "the start-up line names the backend: " + csv.err());

        Run json = run("classify", "-q", "--format", "json", "--top", "3", one.toString());
        assertTrue(json.out().strip().startsWith("[") && json.out().strip().endsWith("]"), json.out());
        assertTrue(json.out().contains("\"file\": \"" + one + "\"") && json.out().contains("\"top\": [{"),
                json.out());
        assertEquals(3, json.out().split("\"label\"").length - 2, json.out());

        Run strict = run("classify", "-q", dir.resolve("shoes").toString());
        assertEquals(Pigment.FAILED, strict.status(), "a bad file stops a run without --skip-bad");
        assertTrue(strict.err().contains("broken.png"), strict.err());
    }

    @Test
    void colorizesAPhotoAndAFolderWithThePretrainedColorizer(@TempDir Path dir) throws Exception {
        Path photo = dir.resolve("in/a/old.jpg");
        ImageFiles.write(noise(40, 60, 3, 7).toGray(), photo);
        Run file = run("colorize", "-q", photo.toString(), "--out", dir.resolve("colour.png").toString());
        assertEquals(0, file.status(), file.err());
        Bitmap colour = ImageFiles.read(dir.resolve("colour.png"));
        assertEquals(40, colour.height());
        assertEquals(60, colour.width());
        Run wallpapers = run("colorize", "-q", photo.toString(), "--out", dir.resolve("w.png").toString(),
                "--pretrained", "wallpapers");
        assertEquals(0, wallpapers.status(), wallpapers.err());
        assertFalse(Arrays.equals(colour.toBytes(), ImageFiles.read(dir.resolve("w.png")).toBytes()),
                "the wallpapers' colorizer paints other colours than the default");
        Run side = run("colorize", "-q", photo.toString(), "--out", dir.resolve("s.png").toString(),
                "--working-side", "40");
        assertEquals(0, side.status(), side.err());
        assertFalse(Arrays.equals(colour.toBytes(), ImageFiles.read(dir.resolve("s.png")).toBytes()),
                "at another working side the network sees the photo at another scale");
        Run folder = run("colorize", "-q", dir.resolve("in").toString(), "--out", dir.resolve("out").toString());
        assertEquals(0, folder.status(), folder.err());
        assertTrue(Files.isRegularFile(dir.resolve("out/a/old.png")), folder.out());
        Run onto = run("colorize", "-q", photo.toString(), "--out", photo.toString());
        assertEquals(Pigment.USAGE, onto.status(), "the input photo as output is refused");
        assertTrue(onto.err().contains("is the input photo"), onto.err());
        Run same = run("colorize", "-q", dir.resolve("in").toString(), "--out", dir.resolve("in").toString());
        assertEquals(Pigment.FAILED, same.status());
        assertTrue(same.err().contains("is the input folder"), same.err());
    }

    @Test
    void benchmarksPigmentAgainstPyTorchSideBySide() {
        // one round of two tiny steps: the table, not the figures, is what this checks
        Run r = run("benchmark", "-q", "--rounds", "1", "--warmup", "2", "--chunks", "1", "--steps", "2", "--batch",
                "16");
        assertEquals(0, r.status(), r.out() + r.err());
        assertTrue(r.out().contains("| pigment PIGMENT") && r.out().contains("| PyTorch 2.7.1")
                && r.out().contains("Ratio pigment/PyTorch"), r.out());
    }

    @Test
    void aKilledColorizerRunGoesOnWithResume(@TempDir Path dir) throws Exception {
        for (int i = 0; i < 6; i++) {
            ImageFiles.write(dev.pigment.core.source.Synthetic.scenes(1, 80, 96, i).get(0),
                    dir.resolve("photos/p" + i + ".png"));
        }
        List<String> args = List.of("train-colorizer", "-q", "--photos", dir.resolve("photos").toString(), "--out",
                dir.resolve("out").toString(), "--members", "1", "--crops", "32", "--batch", "16", "--held-out",
                "0.34");
        Run first = run(concat(args, "--epochs", "2"));
        assertEquals(0, first.status(), first.err());
        Path checkpoints = dir.resolve("out/checkpoints/regression-split");
        Path one = checkpoints.resolve("epoch-001.pigment");
        assertTrue(Files.isRegularFile(one) && Files.isRegularFile(checkpoints.resolve("epoch-002.pigment")),
                "every epoch writes a checkpoint");
        // as if the run had been killed during its second epoch: its checkpoint is not there yet
        Files.delete(checkpoints.resolve("epoch-002.pigment"));
        Files.delete(checkpoints.resolve("epoch-002.state"));
        java.nio.file.attribute.FileTime written = Files.getLastModifiedTime(one);
        Run resumed = run(concat(args, "--epochs", "2", "--resume"));
        assertEquals(0, resumed.status(), resumed.err());
        assertEquals(written, Files.getLastModifiedTime(one), "the first epoch is not trained again");
        assertTrue(Files.isRegularFile(checkpoints.resolve("epoch-002.pigment")), "the second is");
        String report = Files.readString(dir.resolve("out/report.txt"));
        assertTrue(report.contains("  epoch 1:") && report.contains("  epoch 2:"), report);
    }

    private static String[] concat(List<String> args, String... more) {
        return Stream.concat(args.stream(), Stream.of(more)).toArray(String[]::new);
    }
}
