package dev.darkroom.web.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.darkroom.testsupport.TestDatabase;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpRequest;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.List;
import java.util.logging.Level;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.logging.LogEntry;
import org.openqa.selenium.logging.LogType;
import org.openqa.selenium.logging.LoggingPreferences;
import org.openqa.selenium.support.ui.WebDriverWait;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The browser side in headless Chromium: the login form, an htmx POST that passes CSRF with the
 * meta-tag header, SSE, htmx under the Content-Security-Policy without a single violation, an
 * escaped hostile file name, an expired session, the account page's token life cycle, and the API
 * UI under the CSP. Screenshots go to {@code target/screenshots/}.
 */
@SpringBootTest(
    classes = SecurityTestApplication.class,
    webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
    properties = TestLogin.PASSWORD_PROPERTY)
class BrowserSecurityTest {

  static final Path CHROMIUM = Path.of("/usr/bin/chromium");
  static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");
  static final Duration WAIT = Duration.ofSeconds(20);

  @DynamicPropertySource
  static void properties(DynamicPropertyRegistry registry) throws Exception {
    TestDatabase.create("BrowserSecurityTest").registerWith(registry);
    Path dataDir = Files.createTempDirectory("darkroom-browser-test");
    registry.add("darkroom.data-dir", dataDir::toString);
  }

  @LocalServerPort int port;
  @Autowired ApiTokens tokens;
  WebDriver driver;
  Path profile;

  @BeforeEach
  void startBrowser() throws IOException {
    assumeTrue(
        Files.isExecutable(CHROMIUM) && Files.isExecutable(CHROMEDRIVER),
        "needs Debian's chromium and chromedriver (.ci/install-tools)");
    profile = Files.createTempDirectory("darkroom-chromium");
    ChromeOptions options = new ChromeOptions();
    options.setBinary(CHROMIUM.toFile());
    options.addArguments(
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-dev-shm-usage",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--no-first-run",
        "--window-size=1280,900",
        "--user-data-dir=" + profile);
    LoggingPreferences logs = new LoggingPreferences();
    logs.enable(LogType.BROWSER, Level.ALL);
    options.setCapability("goog:loggingPrefs", logs);
    driver =
        new ChromeDriver(
            new ChromeDriverService.Builder().usingDriverExecutable(CHROMEDRIVER.toFile()).build(),
            options);
  }

  @AfterEach
  void stopBrowser(TestInfo test) throws IOException {
    if (driver != null) {
      screenshot(test.getTestMethod().orElseThrow().getName());
      driver.quit();
    }
  }

  @Test
  void htmxPostsWithTheCsrfHeaderReceivesSseAndNothingBreaksTheCsp() {
    TestLogin.signIn(driver, base());
    driver.get(base() + "/test/page");
    waitUntil(d -> Boolean.TRUE.equals(js("return typeof htmx !== 'undefined'")));

    driver.findElement(By.id("act")).click();
    waitUntil(d -> !d.findElements(By.id("action-done")).isEmpty());
    waitUntil(d -> !d.findElements(By.id("sse-arrived")).isEmpty());

    assertThat(driver.findElement(By.id("action-done")).getText()).isEqualTo("done by admin");
    assertThat(js("return document.querySelectorAll('style').length")).isEqualTo(0L);
    assertThat((Long) js("return document.querySelector('.bar .done').offsetWidth"))
        .as("style attributes (progress bar widths) are allowed")
        .isGreaterThan(0L);
    assertThat(cspViolations()).isEmpty();
  }

  @Test
  void aHostileFileNameRendersAsText() {
    TestLogin.signIn(driver, base());
    driver.get(base() + "/test/page");

    assertThat(driver.findElement(By.id("file-name")).getText())
        .isEqualTo(SecuredTestController.XSS_NAME);
    assertThat(driver.findElements(By.cssSelector("#file-name img"))).isEmpty();
  }

  @Test
  void anHtmxRequestAfterTheSessionEndedTakesThePageToTheLogin() {
    TestLogin.signIn(driver, base());
    driver.get(base() + "/test/page");
    waitUntil(d -> Boolean.TRUE.equals(js("return typeof htmx !== 'undefined'")));

    driver.manage().deleteCookieNamed("JSESSIONID");
    driver.findElement(By.id("act")).click();

    waitUntil(d -> d.getCurrentUrl().endsWith("/login"));
    assertThat(driver.findElements(By.id("action-done"))).isEmpty();
  }

  @Test
  void aWrongPasswordShowsAnErrorOnTheLoginPage() {
    driver.get(base() + "/login");
    driver.findElement(By.id("username")).sendKeys("admin");
    driver.findElement(By.id("password")).sendKeys("not-the-password");
    driver.findElement(By.id("sign-in")).click();

    waitUntil(d -> !d.findElements(By.id("login-error")).isEmpty());
    assertThat(driver.getCurrentUrl()).endsWith("/login?error");
    assertThat(cspViolations()).isEmpty();
  }

  @Test
  void theAccountPageCreatesATokenShowsItOnceAndRevokesIt() {
    TestLogin.signIn(driver, base());
    driver.get(base() + "/account");
    driver.findElement(By.id("token-name")).sendKeys("browser-made <b>token</b>");
    new org.openqa.selenium.support.ui.Select(driver.findElement(By.id("token-role")))
        .selectByValue("OPERATOR");
    new org.openqa.selenium.support.ui.Select(driver.findElement(By.id("token-expiry")))
        .selectByValue("30");
    driver.findElement(By.id("create-token")).click();
    // The form posts and the browser loads the answer: wait for it rather than race the load.
    waitUntil(d -> !d.findElements(By.id("token-secret")).isEmpty());

    String secret = driver.findElement(By.id("token-secret")).getText();
    assertThat(secret).startsWith(ApiTokens.PREFIX).hasSize(47);
    assertThat(driver.findElement(By.id("created-token")).getText())
        .contains("browser-made <b>token</b>");
    assertThat(bearerStatus(secret)).isEqualTo(200);

    driver.navigate().refresh();
    assertThat(driver.getPageSource()).doesNotContain(secret);
    String row = driver.findElement(By.id("tokens")).getText();
    assertThat(row).contains("browser-made <b>token</b>").contains("OPERATOR").contains("ACTIVE");

    driver.findElement(By.cssSelector("#tokens button.revoke")).click();
    waitUntil(d -> !d.findElements(By.id("account-message")).isEmpty());
    assertThat(driver.findElement(By.id("tokens")).getText()).contains("REVOKED");
    assertThat(bearerStatus(secret)).isEqualTo(401);
    assertThat(cspViolations()).isEmpty();
  }

  @Test
  void theApiUiLoadsUnderTheCsp() {
    driver.get(base() + "/swagger-ui/index.html");

    waitUntil(d -> !d.findElements(By.cssSelector(".swagger-ui .info .title")).isEmpty());
    assertThat(driver.findElement(By.cssSelector(".swagger-ui .info .title")).getText())
        .contains("Darkroom API");
    assertThat(cspViolations()).isEmpty();
  }

  private int bearerStatus(String secret) {
    return new TestLogin.Session(base())
        .send(
            HttpRequest.newBuilder(URI.create(base() + "/api/test/ping"))
                .header("Authorization", "Bearer " + secret)
                .GET())
        .statusCode();
  }

  private List<String> cspViolations() {
    return driver.manage().logs().get(LogType.BROWSER).getAll().stream()
        .map(LogEntry::getMessage)
        .filter(m -> m.contains("Content Security Policy") || m.contains("Refused to"))
        .toList();
  }

  private Object js(String script) {
    return ((JavascriptExecutor) driver).executeScript(script);
  }

  private void waitUntil(java.util.function.Function<WebDriver, Boolean> condition) {
    new WebDriverWait(driver, WAIT).until(condition::apply);
  }

  private void screenshot(String name) throws IOException {
    Path dir = Path.of("target/screenshots");
    Files.createDirectories(dir);
    Path shot = ((TakesScreenshot) driver).getScreenshotAs(OutputType.FILE).toPath();
    Files.copy(shot, dir.resolve("security-" + name + ".png"), StandardCopyOption.REPLACE_EXISTING);
  }

  private String base() {
    return "http://localhost:" + port;
  }
}
