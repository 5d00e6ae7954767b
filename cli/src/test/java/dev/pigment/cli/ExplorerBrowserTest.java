package dev.pigment.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.pigment.cli.serve.Explorer;
import dev.pigment.cli.view.TsneMap;
import dev.pigment.core.embed.Tsne;
import dev.pigment.core.image.ImageFiles;
import dev.pigment.core.source.FashionMnist;
import dev.pigment.core.source.LabelledImages;
import dev.pigment.core.source.Synthetic;
import dev.pigment.models.classifier.Classifier;
import dev.pigment.models.colorizer.Colorizer;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BooleanSupplier;
import java.util.logging.Level;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.interactions.Actions;
import org.openqa.selenium.logging.LogEntry;
import org.openqa.selenium.logging.LogType;

/**
 * {@code pigment serve}'s page in headless Chromium, on the pretrained Fashion-MNIST classifier with a t-SNE map of
 * test images, and on the pretrained colorizer: drawing changes the prediction, an uploaded image gets the library's
 * label, every activation image loads, nothing goes to the console; bad requests get clear HTTP errors and the server
 * goes on. Screenshots are kept in {@code target/browser-tests}.
 */
class ExplorerBrowserTest {
    @TempDir
    static Path dir;

    static Classifier classifier;
    static Explorer explorer;
    static ChromeDriver browser;
    static final HttpClient HTTP = HttpClient.newHttpClient();

    @BeforeAll
    static void start() throws Exception {
        classifier = Classifier.pretrained("fashion-mnist");
        LabelledImages test = FashionMnist.test(FashionMnist.DEBIAN_DIR);
        TsneMap map = TsneMap.of(classifier, test, 400, new Tsne.Options(20, 400, 0.5, 1));
        assertTrue(map.mapAccuracy() > 0.7, "the map keeps the classes together: " + map.mapAccuracy());
        explorer = Explorer.classifier(new InetSocketAddress("127.0.0.1", 0), classifier, "pretrained", map);
        browser = DemoReportBrowserTest.startChromium();
        browser.manage().window().setSize(new Dimension(1300, 1000));
    }

    @AfterAll
    static void stop() {
        if (browser != null) {
            browser.quit();
        }
        if (explorer != null) {
            explorer.close();
        }
    }

    static void waitFor(String what, BooleanSupplier condition) throws InterruptedException {
        waitFor(what, condition, () -> "");
    }

    /** Waits up to 30 s for {@code condition}; on timeout, fails with {@code state} (what the page shows). */
    static void waitFor(String what, BooleanSupplier condition, java.util.function.Supplier<String> state)
            throws InterruptedException {
        long end = System.nanoTime() + 30_000_000_000L;
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > end) {
                String seen = state.get();
                throw new AssertionError("waited 30 s for " + what + (seen.isEmpty() ? "" : ": " + seen));
            }
            Thread.sleep(50);
        }
    }

    /**
     * The text an element shows, or "" when it is absent. Read in one script call: the page re-renders its results,
     * so an element found in one WebDriver call may be stale in the next.
     */
    static String text(String id) {
        return String.valueOf(browser.executeScript("const e = document.getElementById(arguments[0]); "
                + "return e ? e.innerText.trim() : '';", id));
    }

    /** An attribute of an element, or "" when the element or the attribute is absent; one script call, as text(). */
    static String attribute(String id, String name) {
        return String.valueOf(browser.executeScript("const e = document.getElementById(arguments[0]); "
                + "return (e && e.getAttribute(arguments[1])) || '';", id, name));
    }

    /** A stroke on the drawing canvas through the given offsets from its centre. */
    static void stroke(int... xy) {
        WebElement canvas = browser.findElement(By.id("draw"));
        Actions a = new Actions(browser).moveToElement(canvas, xy[0], xy[1]).clickAndHold();
        for (int i = 2; i < xy.length; i += 2) {
            a = a.moveToElement(canvas, xy[i], xy[i + 1]);
        }
        a.release().perform();
    }

    @Test
    void drawingAndUploadingShowThePredictionTheLayersAndTheMap() throws Exception {
        browser.get(explorer.uri().toString());
        waitFor("the model", () -> text("model-name").startsWith("classifier"));
        waitFor("the map", () -> text("map-status").contains("5-NN accuracy"));

        stroke(-60, -80, -60, 80);   // a vertical bar: trousers, most likely
        waitFor("a prediction", () -> !text("top1").isEmpty());
        waitFor("the stroke's last request", () -> !attribute("saliency", "class").contains("hidden"));
        String first = text("top");
        stroke(-90, -60, 90, -60, 90, 60, -90, 60, -90, -60);   // a box around it: something else
        waitFor("the prediction to change", () -> !text("top").equals(first));
        assertNotEquals(first, text("top"));

        // every activation image of the last answer has loaded, one per layer and the input
        JavascriptExecutor js = browser;
        waitFor("the activation images", () -> Boolean.TRUE.equals(js.executeScript("const i = document"
                + ".querySelectorAll('#layers img'); return i.length > 0 && Array.from(i).every(x => x.complete "
                + "&& x.naturalWidth > 0);")));
        long shown = (Long) js.executeScript("return document.querySelectorAll('#layers img').length;");
        assertEquals(classifier.layers().size() + 1, shown);

        // an uploaded test image gets the label the library gives the same file
        Path shoe = dir.resolve("test-0.png");
        ImageFiles.write(FashionMnist.test(FashionMnist.DEBIAN_DIR).image(0), shoe);
        String expected = classifier.classify(shoe).label();
        String before = text("timing");
        browser.findElement(By.id("upload")).sendKeys(shoe.toAbsolutePath().toString());
        waitFor("the upload's prediction", () -> !text("timing").equals(before));
        waitFor("the upload's saliency for " + expected, () -> attribute("saliency", "title").endsWith(expected),
                () -> "the saliency's title is \"" + attribute("saliency", "title") + "\", the top class "
                + attribute("top1", "data-label") + ", the timing " + text("timing"));
        assertEquals(expected, attribute("top1", "data-label"));
        assertTrue(((Number) js.executeScript("return document.getElementById('saliency').naturalWidth;")).intValue()
                > 0);
        assertTrue(((Number) js.executeScript("return document.getElementById('filters').naturalWidth;")).intValue()
                > 0);

        assertEquals(List.of(), errors(), "console");
        screenshot("explorer.png");
    }

    @Test
    void badRequestsGetClearErrorsAndTheServerGoesOn() throws Exception {
        URI base = explorer.uri();
        HttpResponse<String> text = post(base.resolve("api/classify"), "not an image".getBytes());
        assertEquals(415, text.statusCode());
        assertTrue(text.body().contains("is not an image pigment can read"), text.body());
        assertEquals(413, post(base.resolve("api/classify"), new byte[Explorer.MAX_BODY + 1]).statusCode());
        assertEquals(400, post(base.resolve("api/classify"), new byte[0]).statusCode());
        byte[] png = Files.readAllBytes(write(FashionMnist.test(FashionMnist.DEBIAN_DIR).image(1), "one.png"));
        HttpResponse<String> badClass = post(base.resolve("api/saliency?class=99"), png);
        assertEquals(400, badClass.statusCode());
        assertTrue(badClass.body().contains("class must be 0..9"), badClass.body());
        assertEquals(404, get(base.resolve("nope")).statusCode());
        assertEquals(404, post(base.resolve("api/colorize"), png).statusCode(), "a classifier does not colorize");
        assertEquals(405, get(base.resolve("api/classify")).statusCode());
        HttpResponse<String> still = get(base.resolve("api/model"));
        assertEquals(200, still.statusCode());
        assertTrue(still.body().contains("\"field\": 3"), still.body());

        // what one drawn stroke costs the server, warm: the figure the README quotes
        List<Double> ms = new ArrayList<>();
        for (int i = 0; i < 25; i++) {
            long t = System.nanoTime();
            assertEquals(200, post(base.resolve("api/classify"), png).statusCode());
            ms.add((System.nanoTime() - t) / 1e6);
        }
        List<Double> sorted = ms.subList(5, ms.size()).stream().sorted().toList();
        System.out.printf("explorer: /api/classify round trip, median of 20 warm requests: %.1f ms%n",
                sorted.get(sorted.size() / 2));
    }

    @Test
    void aColorizerColorizesAnUploadedPhotoAtFullResolution() throws Exception {
        try (Explorer colour = Explorer.colorizer(new InetSocketAddress("127.0.0.1", 0), Colorizer.pretrained(),
                "pretrained colorizer")) {
            Path photo = write(Synthetic.scenes(1, 240, 360, 3).get(0), "scene.png");
            browser.get(colour.uri().toString());
            waitFor("the model", () -> text("model-name").startsWith("colorizer"));
            browser.findElement(By.id("photo")).sendKeys(photo.toAbsolutePath().toString());
            JavascriptExecutor js = browser;
            waitFor("the colorization", () -> ((Number) js.executeScript(
                    "return document.getElementById('after').naturalWidth;")).intValue() > 0);
            assertEquals(360L, js.executeScript("return document.getElementById('after').naturalWidth;"));
            assertEquals(240L, js.executeScript("return document.getElementById('after').naturalHeight;"));
            assertTrue(text("photo-status").startsWith("colorized at full resolution"), text("photo-status"));
            assertEquals(List.of(), errors(), "console");
            screenshot("explorer-colorizer.png");
            HttpResponse<String> tiny = post(colour.uri().resolve("api/colorize"), Files.readAllBytes(write(
                    Synthetic.scenes(1, 32, 32, 4).get(0).crop(0, 0, 8, 8), "tiny.png")));
            assertEquals(422, tiny.statusCode(), tiny.body());
        }
    }

    private static Path write(dev.pigment.core.image.Bitmap image, String name) throws Exception {
        Path p = dir.resolve(name);
        ImageFiles.write(image, p);
        return p;
    }

    private static List<LogEntry> errors() {
        return browser.manage().logs().get(LogType.BROWSER).getAll().stream()
                .filter(e -> e.getLevel().intValue() >= Level.WARNING.intValue()).toList();
    }

    private static void screenshot(String name) throws Exception {
        Path shot = Files.createDirectories(Path.of("target/browser-tests")).resolve(name);
        long height = ((Number) ((JavascriptExecutor) browser).executeScript(
                "return document.documentElement.scrollHeight;")).longValue();
        browser.manage().window().setSize(new Dimension(1300, (int) Math.min(height + 40, 6000)));
        Files.copy(browser.getScreenshotAs(OutputType.FILE).toPath(), shot, StandardCopyOption.REPLACE_EXISTING);
        browser.manage().window().setSize(new Dimension(1300, 1000));
    }

    private static HttpResponse<String> post(URI uri, byte[] body) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(uri).POST(HttpRequest.BodyPublishers.ofByteArray(body)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private static HttpResponse<String> get(URI uri) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(uri).GET().build(), HttpResponse.BodyHandlers.ofString());
    }
}
