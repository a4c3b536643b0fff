package dev.darkroom.web.duplicates;

import static org.assertj.core.api.Assertions.assertThat;

import dev.darkroom.batch.sample.SampleMedia;
import dev.darkroom.batch.scan.ScanService;
import dev.darkroom.core.run.Run;
import dev.darkroom.core.run.RunPolicy;
import dev.darkroom.core.run.RunRepository;
import dev.darkroom.core.run.RunRequest;
import dev.darkroom.orchestrator.run.RunService;
import dev.darkroom.testsupport.TestDatabase;
import dev.darkroom.web.DarkroomApplication;
import dev.darkroom.web.security.TestLogin;
import dev.darkroom.web.testing.HeadlessChromium;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.WebDriverWait;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The {@code /duplicates} page in headless Chromium against the whole server: the sample media's
 * four near-duplicates of one picture (the original, a half-size copy, one re-encoded at JPEG
 * quality 0.3, one cropped and brightened) are scanned and go through a real production run of the
 * {@code duplicates} pipeline (thumbnail, phash, then the near-duplicates aggregate step) on
 * Temporal; the page then shows them as one cluster, their real thumbnails side by side, and what
 * tells them apart highlighted.
 */
@SpringBootTest(
    classes = DarkroomApplication.class,
    webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class DuplicatesPageBrowserTest {

  static final Path DIR = tempDir();
  static final Path ROOT = DIR.resolve("archive");
  static final Duration TIMEOUT = Duration.ofMinutes(3);

  @DynamicPropertySource
  static void properties(DynamicPropertyRegistry registry) {
    TestDatabase.create("DuplicatesPageBrowser").registerWith(registry);
    registry.add("darkroom.archive.roots", ROOT::toString);
    registry.add("darkroom.data-dir", () -> DIR.resolve("data").toString());
    registry.add("darkroom.temporal.ui", () -> "false");
    registry.add("darkroom.temporal.task-queue", () -> "duplicates-page-" + UUID.randomUUID());
    registry.add("darkroom.security.admin-password", () -> TestLogin.PASSWORD);
  }

  @LocalServerPort int port;
  @Autowired ScanService scans;
  @Autowired RunService runService;
  @Autowired RunRepository runs;
  @Autowired JdbcClient jdbc;

  @BeforeAll
  void scanAndRunDuplicates() throws IOException {
    SampleMedia.addTo(ROOT);
    scans.scan(false, progress -> {});
    long runId =
        runService.startRun(
            RunRequest.query("duplicates", "type:image", RunPolicy.production(), "test"), "test");
    await(runId);
  }

  @Test
  void thePageShowsTheNearDuplicatesAsOneClusterWithThumbnailsSideBySideAndTheirDifferences() {
    List<Long> hills =
        SampleMedia.NEAR_DUPLICATES.stream()
            .map(
                path ->
                    jdbc.sql("SELECT asset_id FROM asset_location WHERE rel_path = ?")
                        .param(path)
                        .query(Long.class)
                        .single())
            .toList();
    try (HeadlessChromium chromium = HeadlessChromium.start()) {
      WebDriver browser = chromium.driver();
      WebDriverWait wait = new WebDriverWait(browser, Duration.ofSeconds(30));
      String base = "http://localhost:" + port;
      browser.get(base + "/login");
      browser.findElement(By.name("username")).sendKeys(TestLogin.ADMIN);
      browser.findElement(By.name("password")).sendKeys(TestLogin.PASSWORD);
      browser.findElement(By.cssSelector("button[type=submit], input[type=submit]")).click();
      wait.until(d -> !d.getCurrentUrl().contains("/login"));

      // when the duplicates page is opened after the production run
      browser.get(base + "/duplicates");

      // then the four pictures are one cluster, and nothing else is
      List<WebElement> clusters = browser.findElements(By.cssSelector("section.duplicate-cluster"));
      assertThat(clusters).hasSize(1);
      WebElement cluster = clusters.get(0);
      List<WebElement> members = cluster.findElements(By.cssSelector("figure[data-asset-id]"));
      assertThat(members)
          .extracting(m -> Long.parseLong(m.getAttribute("data-asset-id")))
          .containsExactlyInAnyOrderElementsOf(hills);

      // with every member's real thumbnail, decoded by the browser, side by side on one row
      JavascriptExecutor js = (JavascriptExecutor) browser;
      for (WebElement member : members) {
        WebElement img = member.findElement(By.tagName("img"));
        js.executeScript("arguments[0].scrollIntoView()", img); // the images load lazily
        wait.until(
            d ->
                (Boolean)
                    js.executeScript(
                        "return arguments[0].complete && arguments[0].naturalWidth > 0", img));
        assertThat(img.getAttribute("src")).contains("/assets/").endsWith("/thumbnail");
      }
      js.executeScript("window.scrollTo(0, 0)");
      int top = members.get(0).getRect().getY();
      for (int i = 1; i < members.size(); i++) {
        assertThat(members.get(i).getRect().getY())
            .as("member %d on the first row", i)
            .isEqualTo(top);
        assertThat(members.get(i).getRect().getX())
            .as("member %d right of the one before", i)
            .isGreaterThan(members.get(i - 1).getRect().getX());
      }

      // and what tells them apart: sizes in bytes and pixels differ, the format does not
      String heading = cluster.findElement(By.tagName("h3")).getText();
      assertThat(heading).contains("4 members").contains("differ in:").contains("size");
      assertThat(heading).contains("dimensions").doesNotContain("format");
      List<String> highlighted =
          cluster.findElements(By.cssSelector("figcaption .differs")).stream()
              .map(WebElement::getText)
              .toList();
      assertThat(highlighted).anyMatch(t -> t.endsWith(" bytes"));
      assertThat(highlighted).contains("320 × 240", "640 × 480", "624 × 468");
      chromium.screenshot("duplicates-page");
    }
  }

  private void await(long runId) {
    Instant deadline = Instant.now().plus(TIMEOUT);
    while (Instant.now().isBefore(deadline)) {
      Run run = runs.get(runId);
      if (run.status().terminal()) {
        return;
      }
      try {
        Thread.sleep(200);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new AssertionError("interrupted waiting for run " + runId);
      }
    }
    throw new AssertionError("run " + runId + " did not end within " + TIMEOUT);
  }

  private static Path tempDir() {
    try {
      return Files.createTempDirectory("darkroom-duplicates-page");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
