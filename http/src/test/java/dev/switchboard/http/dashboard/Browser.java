package dev.switchboard.http.dashboard;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.logging.Level;
import java.util.stream.Stream;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.logging.LogType;
import org.openqa.selenium.logging.LoggingPreferences;
import org.openqa.selenium.support.ui.Select;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * Debian's headless Chromium under Selenium, one per test class. Chromium and chromedriver come
 * from fixed paths (override with {@code SWITCHBOARD_CHROMIUM} and {@code SWITCHBOARD_CHROMEDRIVER});
 * Selenium Manager is never asked to download anything.
 *
 * <p>Browser tests run when {@code SWITCHBOARD_TEST_BROWSER=1} (CI sets it and installs Chromium);
 * then a missing browser is a failure, not a skip.
 */
final class Browser implements AutoCloseable {
    static final String ENABLE = "SWITCHBOARD_TEST_BROWSER";
    static final String SKIPPED =
            "browser tests are skipped: set SWITCHBOARD_TEST_BROWSER=1 to run them (needs the Debian packages chromium and chromium-driver)";

    static final Duration WAIT = Duration.ofSeconds(10);

    private final Path profile;
    final ChromeDriver driver;

    private Browser(Path profile, ChromeDriver driver) {
        this.profile = profile;
        this.driver = driver;
    }

    /** Starts Chromium; fails with the fix when the browser or its driver is missing. */
    static Browser start() {
        Path chromium = Path.of(env("SWITCHBOARD_CHROMIUM", "/usr/bin/chromium"));
        Path chromedriver = Path.of(env("SWITCHBOARD_CHROMEDRIVER", "/usr/bin/chromedriver"));
        for (Path p : List.of(chromium, chromedriver)) {
            if (!Files.isExecutable(p)) {
                throw new AssertionError(ENABLE + "=1 but " + p + " is missing or not executable: install it with"
                        + " `apt-get install -y chromium chromium-driver` (or point SWITCHBOARD_CHROMIUM /"
                        + " SWITCHBOARD_CHROMEDRIVER at them)");
            }
        }
        Path profile;
        try {
            profile = Files.createTempDirectory("switchboard-chromium-");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        ChromeOptions options = new ChromeOptions();
        options.setBinary(chromium.toFile());
        LoggingPreferences logs = new LoggingPreferences();
        logs.enable(LogType.BROWSER, Level.WARNING);
        options.setCapability("goog:loggingPrefs", logs);
        options.addArguments(
                "--headless=new",
                "--no-sandbox",
                "--disable-gpu",
                "--disable-dev-shm-usage",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
                "--no-first-run",
                "--window-size=1600,1200",
                "--user-data-dir=" + profile.toAbsolutePath());
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(chromedriver.toFile())
                .usingAnyFreePort()
                .withLogOutput(java.io.OutputStream.nullOutputStream())
                .build();
        ChromeDriver driver = new ChromeDriver(service, options);
        driver.manage().timeouts().pageLoadTimeout(WAIT).scriptTimeout(WAIT);
        return new Browser(profile, driver);
    }

    private static String env(String name, String fallback) {
        String v = System.getenv(name);
        return v == null || v.isBlank() ? fallback : v;
    }

    void open(String url) {
        // A fresh document for every test: no state of the previous page carries over.
        driver.get("about:blank");
        driver.get(url);
    }

    /** Waits until the page loaded its data and rendered it once. */
    void waitUntilReady() {
        waitFor(
                "the page to load its data",
                d -> "true".equals(d.findElement(By.tagName("body")).getDomAttribute("data-ready")));
    }

    /** Polls {@code condition} until it answers non-null/true; the page may re-render meanwhile. */
    <T> T waitFor(String what, Function<WebDriver, T> condition) {
        return waitFor(() -> what, condition);
    }

    private <T> T waitFor(Supplier<String> what, Function<WebDriver, T> condition) {
        return new WebDriverWait(driver, WAIT, Duration.ofMillis(50))
                .ignoring(StaleElementReferenceException.class)
                .withMessage(() -> "waited " + WAIT.toSeconds() + " s for " + what.get() + "; browser console: "
                        + consoleLog() + "; page " + driver.getCurrentUrl() + " shows: " + pageText())
                .until(condition);
    }

    WebElement find(String css) {
        return driver.findElement(By.cssSelector(css));
    }

    List<WebElement> findAll(String css) {
        return driver.findElements(By.cssSelector(css));
    }

    /** The visible text of the first element matching {@code css}, or "" if there is none. */
    String text(String css) {
        for (int attempt = 0; ; attempt++) {
            try {
                List<WebElement> found = findAll(css);
                return found.isEmpty() ? "" : found.get(0).getText();
            } catch (StaleElementReferenceException e) {
                // Re-rendered between finding and reading: read the new one.
                if (attempt == 5) {
                    throw e;
                }
            }
        }
    }

    /** Clicks the element matching {@code css}, finding it again if a live update replaced it. */
    void click(String css) {
        waitFor("a clickable " + css, d -> {
            d.findElement(By.cssSelector(css)).click();
            return true;
        });
    }

    /**
     * Waits until the first element matching {@code css} shows {@code expected} in its text, and
     * returns that text (not the element: live updates may replace it at any time).
     */
    String waitForText(String css, String expected) {
        String[] last = {""};
        return waitFor(() -> "'" + expected + "' in " + css + " (last seen: '" + last[0] + "')", d -> {
            List<WebElement> found = d.findElements(By.cssSelector(css));
            if (found.isEmpty()) {
                return null;
            }
            String text = found.get(0).getText();
            last[0] = text;
            return text.contains(expected) ? text : null;
        });
    }

    /** Chooses the option with {@code value} in the select matching {@code css}. */
    void select(String css, String value) {
        waitFor("option " + value + " in " + css, d -> {
            new Select(d.findElement(By.cssSelector(css))).selectByValue(value);
            return true;
        });
    }

    /** The beginning of the page's visible text, for failure reports. */
    private String pageText() {
        try {
            String text = String.valueOf(script("return document.body ? document.body.innerText : ''"));
            return text.length() > 500 ? text.substring(0, 500) + "…" : text;
        } catch (RuntimeException e) {
            return "(unavailable: " + e.getMessage() + ")";
        }
    }

    /** Messages the page wrote to the browser console (warnings and errors), for failure reports. */
    String consoleLog() {
        try {
            return driver.manage().logs().get(LogType.BROWSER).getAll().stream()
                    .map(e -> e.getLevel() + " " + e.getMessage())
                    .toList()
                    .toString();
        } catch (RuntimeException e) {
            return "(unavailable: " + e.getMessage() + ")";
        }
    }

    void waitUntilGone(String css) {
        waitFor("no more " + css, d -> d.findElements(By.cssSelector(css)).isEmpty());
    }

    Object script(String js, Object... args) {
        return ((JavascriptExecutor) driver).executeScript(js, args);
    }

    @Override
    public void close() {
        try {
            driver.quit();
        } finally {
            try (Stream<Path> files = Files.walk(profile)) {
                files.sorted(Comparator.reverseOrder()).map(Path::toFile).forEach(File::delete);
            } catch (IOException e) {
                // A leftover temporary profile is harmless.
            }
        }
    }
}
