package io.roleport.testenv;

import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.AfterTestExecutionCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.logging.LogEntry;
import org.openqa.selenium.logging.LogType;
import org.openqa.selenium.logging.LoggingPreferences;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.function.Predicate;
import java.util.logging.Level;

/**
 * Headless Chromium for browser tests: Debian's {@code /usr/bin/chromium} driven by {@code /usr/bin/chromedriver}
 * (both overridable with {@code -Droleport.chromium=} / {@code -Droleport.chromedriver=}; {@code -Droleport.headless=false}
 * shows the window), so Selenium Manager never runs.
 *
 * <p>As a JUnit 5 extension ({@code @ExtendWith(Browser.class)} or {@code @RegisterExtension}), it injects a
 * {@link WebDriver} parameter: one browser per test class, cookies cleared before each test, closed after the class;
 * when a test fails a screenshot goes to {@code target/screenshots/<Class>.<method>.png}. {@link #newDriver()} gives
 * a browser to manage yourself. {@link #assertNoSevereConsoleErrors(WebDriver)} fails on SEVERE console entries.
 * Every page a driver of this class loads is checked by {@link PageChecks} (unresolved keys, unfilled placeholders).
 */
public final class Browser implements ParameterResolver, AfterTestExecutionCallback, AfterEachCallback {

    private static final Logger LOG = LoggerFactory.getLogger(Browser.class);
    /** Debian's Chromium is newer than Selenium's bundled DevTools versions; we do not use CDP: no warning needed. */
    private static final java.util.logging.Logger DEVTOOLS_LOG =
            java.util.logging.Logger.getLogger("org.openqa.selenium.devtools");
    private static final ExtensionContext.Namespace NS = ExtensionContext.Namespace.create(Browser.class);

    /** A new headless Chromium with a fresh profile under {@code target/chromium-profiles/}. */
    public static WebDriver newDriver() {
        File driverBinary = new File(System.getProperty("roleport.chromedriver", "/usr/bin/chromedriver"));
        String browserBinary = System.getProperty("roleport.chromium", "/usr/bin/chromium");
        if (!driverBinary.canExecute() || !new File(browserBinary).canExecute()) {
            throw new IllegalStateException("Chromium or chromedriver missing (" + browserBinary + ", " + driverBinary
                    + "): apt-get install -y chromium chromium-driver");
        }
        Path profile = ProjectPaths.target().resolve("chromium-profiles").resolve(UUID.randomUUID().toString());
        try {
            Files.createDirectories(profile);
        } catch (IOException e) {
            throw new IllegalStateException("Cannot create " + profile, e);
        }
        DEVTOOLS_LOG.setLevel(Level.SEVERE);
        ChromeOptions options = new ChromeOptions();
        options.setBinary(browserBinary);
        if (!"false".equals(System.getProperty("roleport.headless"))) {
            options.addArguments("--headless=new");
        }
        options.addArguments("--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run",
                "--no-default-browser-check", "--window-size=1366,900", "--lang=en-US",
                "--user-data-dir=" + profile);
        LoggingPreferences logs = new LoggingPreferences();
        logs.enable(LogType.BROWSER, Level.ALL);
        options.setCapability("goog:loggingPrefs", logs);
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(driverBinary)
                .usingAnyFreePort()
                .build();
        ChromeDriver driver = new ChromeDriver(service, options);
        driver.manage().timeouts().pageLoadTimeout(Duration.ofSeconds(60));
        // Every page visited is checked for broken text (unresolved keys, unfilled placeholders, our 500 page).
        return new org.openqa.selenium.support.events.EventFiringDecorator<WebDriver>(new PageChecks()).decorate(driver);
    }

    /** Saves a PNG screenshot of the current page to {@code target/screenshots/<name>.png}; returns its path. */
    public static Path screenshot(WebDriver driver, String name) {
        Path file = ProjectPaths.target().resolve("screenshots").resolve(name.replaceAll("[^A-Za-z0-9._-]", "_") + ".png");
        try {
            Files.createDirectories(file.getParent());
            File shot = ((TakesScreenshot) driver).getScreenshotAs(OutputType.FILE);
            Files.copy(shot.toPath(), file, StandardCopyOption.REPLACE_EXISTING);
            return file;
        } catch (IOException e) {
            throw new IllegalStateException("Screenshot " + file + " failed", e);
        }
    }

    /** The browser console entries since the last call (the log is drained by reading it). */
    public static List<LogEntry> consoleEntries(WebDriver driver) {
        return driver.manage().logs().get(LogType.BROWSER).getAll();
    }

    /** Fails if the console has SEVERE entries (JavaScript errors, failed resource loads) since the last read. */
    public static void assertNoSevereConsoleErrors(WebDriver driver) {
        assertNoSevereConsoleErrors(driver, entry -> false);
    }

    /** As {@link #assertNoSevereConsoleErrors(WebDriver)}, ignoring entries {@code ignored} accepts. */
    public static void assertNoSevereConsoleErrors(WebDriver driver, Predicate<LogEntry> ignored) {
        List<LogEntry> severe = consoleEntries(driver).stream()
                .filter(e -> e.getLevel().intValue() >= Level.SEVERE.intValue())
                .filter(ignored.negate())
                .toList();
        if (!severe.isEmpty()) {
            StringBuilder message = new StringBuilder("Browser console errors on ").append(driver.getCurrentUrl())
                    .append(':');
            severe.forEach(e -> message.append("\n  ").append(e.getMessage()));
            throw new AssertionError(message.toString());
        }
    }

    // ----- JUnit 5 extension -----

    @Override
    public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
        return parameter.getParameter().getType() == WebDriver.class;
    }

    @Override
    public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
        return driver(context);
    }

    @Override
    public void afterTestExecution(ExtensionContext context) {
        if (context.getExecutionException().isEmpty()) {
            return;
        }
        Holder holder = holder(context, false);
        if (holder == null) {
            return;
        }
        String name = context.getRequiredTestClass().getSimpleName() + "." + context.getRequiredTestMethod().getName();
        try {
            LOG.info("Test failed: screenshot {}", screenshot(holder.driver, name));
        } catch (RuntimeException e) {
            LOG.warn("No screenshot for {}: {}", name, e.toString());
        }
    }

    @Override
    public void afterEach(ExtensionContext context) {
        Holder holder = holder(context, false);
        if (holder != null) {
            try {
                holder.driver.manage().deleteAllCookies();
            } catch (RuntimeException e) {
                LOG.debug("Could not clear cookies: {}", e.toString());
            }
        }
    }

    /** The class's browser, started on first use. */
    private static WebDriver driver(ExtensionContext context) {
        return holder(context, true).driver;
    }

    private static Holder holder(ExtensionContext context, boolean create) {
        ExtensionContext classContext = context;
        while (classContext.getTestMethod().isPresent() && classContext.getParent().isPresent()) {
            classContext = classContext.getParent().get();
        }
        ExtensionContext.Store store = classContext.getStore(NS);
        if (!create) {
            return store.get(Holder.class, Holder.class);
        }
        return store.getOrComputeIfAbsent(Holder.class, k -> new Holder(newDriver()), Holder.class);
    }

    /** Quits the browser when the class's store closes. */
    @SuppressWarnings("deprecation") // CloseableResource for JUnit < 5.13, AutoCloseable for later ones
    private record Holder(WebDriver driver) implements ExtensionContext.Store.CloseableResource, AutoCloseable {
        @Override
        public void close() {
            driver.quit();
        }
    }
}
