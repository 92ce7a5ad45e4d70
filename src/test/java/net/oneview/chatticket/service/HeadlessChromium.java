package net.oneview.chatticket.service;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import java.util.logging.Level;
import org.openqa.selenium.By;
import org.openqa.selenium.NoSuchElementException;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.logging.LogEntry;
import org.openqa.selenium.logging.LogType;
import org.openqa.selenium.logging.LoggingPreferences;

/**
 * Debian's headless Chromium driven through Selenium, for the pages' browser tests: skipped (not failed) where
 * {@code chromium} or {@code chromium-driver} is not installed ({@code .ci/run} installs both).
 */
final class HeadlessChromium {

    static final Path CHROMIUM = Path.of("/usr/bin/chromium");
    static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");

    private HeadlessChromium() {
    }

    /** Skips the test, saying why and how to run it, unless both are installed. */
    static void assumeInstalled(final String page) {
        for (final Path needed : List.of(CHROMIUM, CHROMEDRIVER)) {
            assumeTrue(Files.isExecutable(needed), needed + " not found: install Debian's chromium and chromium-driver "
                    + "(apt-get install chromium chromium-driver, as .ci/run does) to run the " + page
                    + " page's browser test");
        }
    }

    /**
     * A browser whose page is that size (pixels; the window alone would leave less to the page, and its screenshots
     * would be smaller), English, without animations, its console kept.
     */
    static ChromeDriver start(final int width, final int height) {
        final ChromeOptions options = new ChromeOptions();
        options.setBinary(CHROMIUM.toFile());
        options.addArguments("--headless=new", "--no-sandbox", "--disable-dev-shm-usage",
                "--window-size=" + width + "," + height, "--force-prefers-reduced-motion", "--lang=en-GB");
        final LoggingPreferences logs = new LoggingPreferences();
        logs.enable(LogType.BROWSER, Level.ALL);
        options.setCapability("goog:loggingPrefs", logs);
        final ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(new File(CHROMEDRIVER.toString())).usingAnyFreePort().build();
        final ChromeDriver browser = new ChromeDriver(service, options);
        browser.executeCdpCommand("Emulation.setDeviceMetricsOverride", Map.of("width", width, "height", height,
                "deviceScaleFactor", 1, "mobile", false));
        return browser;
    }

    /** The console's errors, but those the test provoked on purpose. */
    static List<String> consoleErrors(final ChromeDriver browser, final Predicate<String> expected) {
        return browser.manage().logs().get(LogType.BROWSER).getAll().stream()
                .filter(entry -> entry.getLevel().intValue() >= Level.SEVERE.intValue()).map(LogEntry::getMessage)
                .filter(expected.negate()).toList();
    }

    /** The element's visible text, or "" while it is not there (rows come and go as the page updates them). */
    static String text(final ChromeDriver browser, final String css) {
        try {
            return browser.findElement(By.cssSelector(css)).getText();
        } catch (NoSuchElementException | StaleElementReferenceException e) {
            return "";
        }
    }

    /** What the window shows now, as a PNG file. */
    static void screenshot(final ChromeDriver browser, final Path file) throws Exception {
        final File shot = browser.getScreenshotAs(OutputType.FILE);
        Files.createDirectories(file.getParent());
        Files.copy(shot.toPath(), file, StandardCopyOption.REPLACE_EXISTING);
    }
}
