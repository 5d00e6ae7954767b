package dev.pigment.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.Map;
import java.util.logging.Level;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.logging.LogEntry;
import org.openqa.selenium.logging.LogType;

/**
 * {@code pigment demo} end to end on generated data with short budgets, then its report opened in a real browser:
 * Debian's headless Chromium, driven through its chromedriver. Every image loads, every local link leads to a file,
 * nothing goes to the console, and a screenshot is kept in {@code target/browser-tests}.
 */
class DemoReportBrowserTest {
    static final Path CHROMIUM = Path.of("/usr/bin/chromium");
    static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");

    @TempDir
    static Path dir;

    static PigmentTest.Run demo;

    static ChromeDriver browser;

    @BeforeAll
    static void runTheDemoAndStartTheBrowser() {
        demo = PigmentTest.run("demo", "--generated", "--classifier-seconds", "8", "--colorizer-seconds", "8",
                "--out", dir.resolve("out").toString());
        assertEquals(0, demo.status(), demo.err());
        browser = startChromium();
    }

    @AfterAll
    static void stopTheBrowser() {
        if (browser != null) {
            browser.quit();
        }
    }

    /** Headless Chromium with its console kept; fails naming the packages when it is not installed. */
    static ChromeDriver startChromium() {
        assertTrue(Files.isExecutable(CHROMIUM) && Files.isExecutable(CHROMEDRIVER), "the browser tests need "
                + CHROMIUM + " and " + CHROMEDRIVER + ": apt-get install chromium chromium-driver (./run.sh test "
                + "installs them)");
        ChromeOptions options = new ChromeOptions();
        options.setBinary(CHROMIUM.toFile());
        options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                "--window-size=1280,1000");
        options.setCapability("goog:loggingPrefs", Map.of(LogType.BROWSER, "ALL"));
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(new File(CHROMEDRIVER.toString())).usingAnyFreePort().build();
        return new ChromeDriver(service, options);
    }

    @Test
    void theDemoSaysWhereTheReportIsAndThatItsDataWasGenerated() throws Exception {
        Path page = dir.resolve("out/report/index.html").toAbsolutePath().normalize();
        assertTrue(demo.out().contains("report: " + page), demo.out());
        assertTrue(demo.err().contains("ran on generated data"), demo.err());
        String json = Files.readString(page.resolveSibling("metrics.json"));
        assertTrue(json.contains("\"generated_data\": true") && json.contains("\"accuracy\": 0.")
                && json.contains("\"pigment regression\""), json);
        assertTrue(json.contains("\"map_5nn_accuracy\": 0."), json);
        assertTrue(Files.size(page.resolveSibling("tsne-map.png")) > 10_000, "the t-SNE map");
        assertTrue(Files.size(page.resolveSibling("filters.png")) > 100, "the filters");
        List<String> csv = Files.readAllLines(page.resolveSibling("history.csv"));
        assertTrue(csv.get(0).startsWith("model,epoch,images,seconds,elapsed_seconds,learning_rate,train_loss"),
                csv.get(0));
        assertTrue(csv.stream().anyMatch(l -> l.startsWith("classifier,1,"))
                && csv.stream().anyMatch(l -> l.startsWith("colorizer regression,1,")), String.join("\n", csv));
    }

    @Test
    void theReportOpensInChromiumWithEveryImageLoadedAndNoConsoleErrors() throws Exception {
        Path page = dir.resolve("out/report/index.html");
        browser.get(page.toUri().toString());
        JavascriptExecutor js = browser;
        assertEquals("pigment demo report", browser.getTitle());
        @SuppressWarnings("unchecked")
        List<Map<String, Object>> images = (List<Map<String, Object>>) js.executeScript(
                "return Array.from(document.images).map(i => ({src: i.getAttribute('src'), complete: i.complete, "
                        + "width: i.naturalWidth}));");
        assertTrue(images.size() >= 4 + 3, "curves, confusion matrix, colorizer curves and a triptych: " + images);
        for (Map<String, Object> img : images) {
            assertTrue(Boolean.TRUE.equals(img.get("complete")) && ((Number) img.get("width")).intValue() > 0,
                    "image did not load: " + img);
        }
        @SuppressWarnings("unchecked")
        List<String> links = (List<String>) js.executeScript("return Array.from(document.querySelectorAll('a[href]'))"
                + ".filter(a => !a.getAttribute('href').startsWith('#')).map(a => a.href);");
        assertTrue(links.size() >= 4, links.toString());
        Object anchorsWithoutTarget = js.executeScript("return Array.from(document.querySelectorAll('a[href^=\"#\"]'))"
                + ".filter(a => !document.getElementById(a.getAttribute('href').substring(1))).length;");
        assertEquals(0L, ((Number) anchorsWithoutTarget).longValue(), "in-page links without their section");
        for (String link : links) {
            assertTrue(Files.isRegularFile(Path.of(java.net.URI.create(link))), "a broken link: " + link);
        }
        String accuracy = browser.findElement(org.openqa.selenium.By.id("accuracy")).getText();
        assertTrue(accuracy.matches("\\d+\\.\\d\\d%"), accuracy);
        assertTrue(browser.findElement(org.openqa.selenium.By.id("generated-data")).isDisplayed());
        List<LogEntry> errors = browser.manage().logs().get(LogType.BROWSER).getAll().stream()
                .filter(e -> e.getLevel().intValue() >= Level.WARNING.intValue()).toList();
        assertTrue(errors.isEmpty(), "console: " + errors);

        long height = ((Number) js.executeScript("return document.documentElement.scrollHeight;")).longValue();
        browser.manage().window().setSize(new Dimension(1280, (int) Math.min(height + 40, 12_000)));
        Path shot = Files.createDirectories(Path.of("target/browser-tests")).resolve("demo-report.png");
        Files.copy(browser.getScreenshotAs(OutputType.FILE).toPath(), shot, StandardCopyOption.REPLACE_EXISTING);
        assertTrue(Files.size(shot) > 10_000, shot.toString());
    }
}
