package dev.cortexgateway.testing;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;

/**
 * The machine's Chromium and chromedriver (Debian's {@code chromium} and {@code chromium-driver}
 * packages), headless. Paths can be moved with {@code GATEWAY_TEST_CHROMIUM} and
 * {@code GATEWAY_TEST_CHROMEDRIVER}; Selenium Manager is never asked to download a browser.
 */
public final class Chromium {

    public static final Path BROWSER = Path.of(SharedServices.setting("GATEWAY_TEST_CHROMIUM", "/usr/bin/chromium"));
    public static final Path DRIVER = Path.of(SharedServices.setting("GATEWAY_TEST_CHROMEDRIVER", "/usr/bin/chromedriver"));

    private Chromium() {
    }

    static Optional<String> problem() {
        for (Path binary : new Path[] {BROWSER, DRIVER}) {
            if (!Files.isExecutable(binary)) {
                return Optional.of(binary + " is missing (apt-get install chromium chromium-driver)");
            }
        }
        return Optional.empty();
    }

    /** A new headless browser with its own profile, 1280x900. */
    public static ChromeDriver start() {
        ChromeOptions options = new ChromeOptions();
        options.setBinary(BROWSER.toFile());
        // --no-sandbox: CI runs as root in a container, where Chromium's sandbox cannot start
        options.addArguments("--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--disable-gpu",
                "--window-size=1280,900", "--lang=en-US");
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(DRIVER.toFile()).usingAnyFreePort().build();
        ChromeDriver driver = new ChromeDriver(service, options);
        driver.manage().window().setSize(new Dimension(1280, 900));
        driver.manage().timeouts().scriptTimeout(Duration.ofSeconds(30));
        return driver;
    }
}
