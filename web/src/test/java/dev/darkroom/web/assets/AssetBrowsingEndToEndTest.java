package dev.darkroom.web.assets;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.hamcrest.Matchers.containsInAnyOrder;
import static org.hamcrest.Matchers.hasItem;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.header;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import dev.darkroom.batch.sample.SampleArchive;
import dev.darkroom.batch.sample.SampleArchiveGenerator;
import dev.darkroom.batch.scan.ScanService;
import dev.darkroom.batch.tools.metadata.ImageMetadataTool;
import dev.darkroom.batch.tools.thumbnail.ThumbnailTool;
import dev.darkroom.core.asset.AssetSearchRepository;
import dev.darkroom.core.asset.AssetSummary;
import dev.darkroom.core.query.AssetQuery;
import dev.darkroom.core.run.Run;
import dev.darkroom.core.run.RunPolicy;
import dev.darkroom.core.run.RunRepository;
import dev.darkroom.core.run.RunRequest;
import dev.darkroom.core.run.RunStatus;
import dev.darkroom.core.run.RunUnitRepository;
import dev.darkroom.core.tool.Pipeline;
import dev.darkroom.core.tool.PipelineRegistry;
import dev.darkroom.core.tool.ToolRegistry;
import dev.darkroom.orchestrator.run.RunService;
import dev.darkroom.testsupport.TestDatabase;
import dev.darkroom.web.DarkroomApplication;
import dev.darkroom.web.security.TestLogin;
import dev.darkroom.web.testing.HeadlessChromium;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Supplier;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.NoAlertPresentException;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.WebDriverWait;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Primary;
import org.springframework.http.MediaType;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.security.test.context.support.WithMockUser;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.servlet.MockMvc;

/**
 * The asset browser and the catalog API on the whole server application: real PostgreSQL, the
 * sample archive scanned, runs through Temporal (the dev server the application starts when the
 * {@code temporal} CLI is on PATH, else the in-process test server) writing real thumbnails to the
 * filesystem store. Shows what the slices cannot: results of a run that is still going, real image
 * bytes, EXIF copied into queryable columns, query- and collection-scoped runs end to end, and the
 * pages in headless Chromium against the running server.
 */
@SpringBootTest(
    classes = {DarkroomApplication.class, AssetBrowsingEndToEndTest.Tools.class},
    webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@AutoConfigureMockMvc
@WithMockUser(roles = {"VIEWER", "OPERATOR"})
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class AssetBrowsingEndToEndTest {

  static final Path DIR = tempDir();
  static final SampleArchive ARCHIVE = archive();
  static final Pipeline GATED = new Pipeline("gated", "1", List.of("thumbnail", "gate"));
  static final Duration TIMEOUT = Duration.ofSeconds(120);
  // The browser signs in with form login as the admin account, whose password the test sets.
  static final String USER = TestLogin.ADMIN;
  static final String PASSWORD = TestLogin.PASSWORD;

  @DynamicPropertySource
  static void properties(DynamicPropertyRegistry registry) {
    TestDatabase.create("AssetBrowsingEndToEnd").registerWith(registry);
    registry.add("darkroom.archive.roots", () -> ARCHIVE.root().toString());
    registry.add("darkroom.data-dir", () -> DIR.resolve("data").toString());
    registry.add("darkroom.runs.chunk-size", () -> "2");
    registry.add("darkroom.temporal.ui", () -> "false");
    registry.add("darkroom.temporal.task-queue", () -> "asset-e2e-" + UUID.randomUUID());
    registry.add("darkroom.security.admin-password", () -> PASSWORD);
  }

  @Configuration(proxyBeanMethods = false)
  static class Tools {
    @Bean
    @Primary
    ToolRegistry testToolRegistry() {
      return ToolRegistry.of(new ImageMetadataTool(), new ThumbnailTool(), new GateTool());
    }

    @Bean
    @Primary
    PipelineRegistry testPipelineRegistry() {
      return new PipelineRegistry(List.of(PipelineRegistry.IMAGES_BASIC, GATED));
    }
  }

  @LocalServerPort int port;
  @Autowired MockMvc mvc;
  @Autowired ScanService scans;
  @Autowired RunService runService;
  @Autowired RunRepository runs;
  @Autowired RunUnitRepository units;
  @Autowired AssetSearchRepository assets;
  @Autowired JdbcClient jdbc;

  long firstRun;

  @BeforeAll
  void scanAndRunImagesBasic() {
    scans.scan(false, progress -> {});
    firstRun =
        runService.startRun(
            RunRequest.allAssets("images-basic", RunPolicy.production(), "test"), "test");
    awaitEnd(firstRun);
  }

  @Test
  void anArtifactCommittedMidRunIsListedWhileTheRunIsStillGoing() throws Exception {
    GateTool.close();
    long runId;
    try {
      runId =
          runService.startRun(
              RunRequest.query("gated", "type:image/jpeg", RunPolicy.production(), "test"), "test");
      Map<String, Object> committed =
          await(
              () ->
                  jdbc
                      .sql(
                          "SELECT id, asset_id FROM artifact WHERE run_id = ? AND kind ="
                              + " 'thumbnail' ORDER BY id LIMIT 1")
                      .param(runId)
                      .query()
                      .listOfRows()
                      .stream()
                      .findFirst()
                      .orElse(null),
              "a thumbnail committed by run " + runId);
      long artifactId = ((Number) committed.get("id")).longValue();
      long assetId = ((Number) committed.get("asset_id")).longValue();

      // The gate holds the third unit: the run is going, its first chunk is committed.
      assertThat(runs.get(runId).status()).isEqualTo(RunStatus.RUNNING);
      assertThat(units.counts(runId).unfinished()).isPositive();
      mvc.perform(get("/api/assets/{id}", assetId))
          .andExpect(status().isOk())
          .andExpect(jsonPath("$.artifacts[*].id", hasItem((int) artifactId)))
          .andExpect(jsonPath("$.artifacts[*].runId", hasItem((int) runId)));
      mvc.perform(get("/api/artifacts/{id}/lineage", artifactId))
          .andExpect(status().isOk())
          .andExpect(jsonPath("$.run.id").value(runId))
          .andExpect(jsonPath("$.run.status").value("RUNNING"))
          .andExpect(jsonPath("$.pipeline.id").value("gated"));
      assertThat(html("/assets/" + assetId)).contains("data-artifact-id=\"" + artifactId + "\"");
      assertThat(runs.get(runId).status()).isEqualTo(RunStatus.RUNNING);
    } finally {
      GateTool.open();
    }

    Run ended = awaitEnd(runId);
    assertThat(ended.status()).isIn(RunStatus.COMPLETED, RunStatus.COMPLETED_WITH_FAILURES);
    assertThat(ended.unitsTotal())
        .as("the query scope: every JPEG with a live location")
        .isEqualTo(assets.count(AssetQuery.parse("type:image/jpeg")));
  }

  @Test
  void theThumbnailIsARealJpegServedWholeAndByRange() throws Exception {
    long id = only("IMG_7001");

    byte[] jpeg =
        mvc.perform(get("/api/assets/{id}/thumbnail", id))
            .andExpect(status().isOk())
            .andExpect(content().contentType("image/jpeg"))
            .andExpect(header().exists("ETag"))
            .andReturn()
            .getResponse()
            .getContentAsByteArray();
    assertThat(jpeg).hasSizeGreaterThan(100);
    assertThat(jpeg[0]).isEqualTo((byte) 0xFF);
    assertThat(jpeg[1]).isEqualTo((byte) 0xD8);
    mvc.perform(get("/api/assets/{id}/thumbnail", id).header("Range", "bytes=0-1"))
        .andExpect(status().isPartialContent())
        .andExpect(header().string("Content-Range", "bytes 0-1/" + jpeg.length))
        .andExpect(content().bytes(new byte[] {(byte) 0xFF, (byte) 0xD8}));
  }

  @Test
  void exifFoundByTheRunIsQueryableAndShown() throws Exception {
    mvc.perform(get("/api/assets").param("q", "taken:2023-03 camera:canon"))
        .andExpect(status().isOk())
        .andExpect(
            jsonPath("$.items[*].fileName")
                .value(containsInAnyOrder("IMG_7001.jpg", "IMG_7002.jpg", "IMG_7015.jpg")));
    long id = only("IMG_7001");
    mvc.perform(get("/api/assets/{id}", id))
        .andExpect(jsonPath("$.cameraModel").value("Canon EOS 5D Mark IV"))
        .andExpect(jsonPath("$.exif.cameraModel").value("Canon EOS 5D Mark IV"))
        .andExpect(jsonPath("$.capturedAt").value("2023-03-11T15:20:00Z"));
    assertThat(html("/assets/" + id)).contains("Canon EOS 5D Mark IV").contains("IMG_7001.jpg");
  }

  @Test
  void aThumbnailsLineageNamesTheRunToolAndItsEffectiveParameters() throws Exception {
    long assetId = only("IMG_7001");
    long thumbnail =
        jdbc.sql("SELECT id FROM artifact WHERE asset_id = ? AND run_id = ? AND kind = 'thumbnail'")
            .params(assetId, firstRun)
            .query(Long.class)
            .single();

    mvc.perform(get("/api/artifacts/{id}/lineage", thumbnail))
        .andExpect(status().isOk())
        .andExpect(jsonPath("$.run.id").value(firstRun))
        .andExpect(jsonPath("$.run.status").value("COMPLETED_WITH_FAILURES"))
        .andExpect(jsonPath("$.pipeline.id").value("images-basic"))
        .andExpect(jsonPath("$.tool.id").value("thumbnail"))
        .andExpect(jsonPath("$.tool.version").value("2"))
        .andExpect(jsonPath("$.parameters.maxSize").value(512));
    assertThat(html("/artifacts/" + thumbnail + "/lineage"))
        .contains("href=\"/runs/" + firstRun + "\"")
        .contains("thumbnail 2");
  }

  @Test
  void theFileNamedLikeAnImgTagIsTextOnEveryPage() throws Exception {
    long id = only("onerror");
    long thumbnail =
        jdbc.sql("SELECT id FROM artifact WHERE asset_id = ? AND kind = 'thumbnail' LIMIT 1")
            .param(id)
            .query(Long.class)
            .single();

    for (String page :
        List.of(
            html("/assets?q=path:Inbox/"),
            html("/assets/" + id),
            html("/artifacts/" + thumbnail + "/lineage"))) {
      assertThat(page).doesNotContain("<img src=x").doesNotContain("onerror=alert(1)>");
    }
    assertThat(html("/assets?q=path:Inbox/")).contains("&lt;img src=x onerror=alert(1)&gt;.jpg");
    assertThat(html("/assets/" + id)).contains("Inbox/&lt;img src=x onerror=alert(1)&gt;.jpg");
  }

  @Test
  void aRunOverADynamicCollectionTakesWhatItsQueryMatchesWhenPlanned() throws Exception {
    String created =
        mvc.perform(
                post("/api/collections")
                    .with(csrf())
                    .contentType(MediaType.APPLICATION_JSON)
                    .content(
                        "{\"name\":\"birthday\",\"kind\":\"DYNAMIC\",\"query\":\"taken:2023-03\"}"))
            .andExpect(status().isCreated())
            .andExpect(jsonPath("$.memberCount").value(3))
            .andReturn()
            .getResponse()
            .getContentAsString();
    long collectionId = Long.parseLong(created.replaceAll("(?s).*\"id\":(\\d+).*", "$1"));

    long runId =
        runService.startRun(
            // Forced: the first run already made these current, and an incremental run would
            // leave them alone (docs/coverage.md); this test is about the collection's snapshot.
            RunRequest.collection("images-basic", collectionId, RunPolicy.production(), "test")
                .withForce(true),
            "test");
    Run ended = awaitEnd(runId);

    assertThat(ended.status()).isEqualTo(RunStatus.COMPLETED);
    assertThat(
            jdbc.sql(
                    "SELECT a.id FROM run_unit u JOIN asset a ON a.id = u.asset_id WHERE u.run_id"
                        + " = ? ORDER BY a.id")
                .param(runId)
                .query(Long.class)
                .list())
        .containsExactlyElementsOf(
            assets.search(AssetQuery.parse("taken:2023-03"), 0, 10).stream()
                .map(AssetSummary::id)
                .toList());
  }

  @Test
  void theOpenApiDocumentDescribesTheCatalogEndpoints() throws Exception {
    mvc.perform(get("/v3/api-docs"))
        .andExpect(status().isOk())
        .andExpect(jsonPath("$.paths['/api/assets'].get.parameters[*].name", hasItem("q")))
        .andExpect(jsonPath("$.paths['/api/assets/{id}'].get").exists())
        .andExpect(jsonPath("$.paths['/api/assets/{id}/thumbnail'].get").exists())
        .andExpect(jsonPath("$.paths['/api/artifacts/{id}/lineage'].get").exists())
        .andExpect(jsonPath("$.paths['/api/artifacts/{id}/content'].get").exists())
        .andExpect(jsonPath("$.paths['/api/collections'].post").exists())
        .andExpect(jsonPath("$.paths['/api/collections/{id}'].delete").exists())
        .andExpect(jsonPath("$.paths['/api/collections/preview'].get").exists())
        .andExpect(jsonPath("$.paths['/api/pipelines'].get").exists())
        .andExpect(jsonPath("$.paths['/api/tools'].get").exists());
  }

  @Test
  void inARealBrowserTheCoverageMatrixLinksEachCountToTheAssetsItCounts() {
    try (HeadlessChromium chromium = HeadlessChromium.start()) {
      WebDriver browser = chromium.driver();
      WebDriverWait wait = new WebDriverWait(browser, Duration.ofSeconds(20));
      String base = "http://localhost:" + port;
      browser.get(base + "/login");
      browser.findElement(By.name("username")).sendKeys(USER);
      browser.findElement(By.name("password")).sendKeys(PASSWORD);
      browser.findElement(By.cssSelector("button[type=submit], input[type=submit]")).click();
      wait.until(d -> !d.getCurrentUrl().contains("/login"));

      // Given the production run over every asset: the coverage page's first row is all assets.
      browser.get(base + "/coverage");
      WebElement cell =
          wait.until(
              d ->
                  d.findElement(
                      By.cssSelector("#coverage tbody tr td.coverage-cell[data-kind=thumbnail]")));
      assertThat(cell.findElements(By.cssSelector(".coverage-bar .seg.current"))).hasSize(1);
      // and the row says where its numbers come from (ADR 0029)
      assertThat(browser.findElement(By.cssSelector("#coverage tbody tr .basis")).getText())
          .isEqualTo("from counters");
      chromium.screenshot("coverage");
      WebElement failed = cell.findElement(By.cssSelector("a.count[data-state=failed]"));
      long failedCount = Long.parseLong(failed.getText().replace("failed ", "").trim());
      assertThat(failedCount).as("the truncated JPEG").isPositive();

      // When its failed count is followed, the asset grid lists exactly those assets.
      failed.click();
      wait.until(d -> d.getCurrentUrl().contains("/assets"));
      assertThat(java.net.URLDecoder.decode(browser.getCurrentUrl(), StandardCharsets.UTF_8))
          .contains("failed:thumbnail");
      wait.until(d -> d.findElements(By.cssSelector("#asset-grid figure")).size() == failedCount);
      chromium.screenshot("coverage-failed-assets");
    }
  }

  @Test
  void inARealBrowserThumbnailsLoadLineageOpensAndTheHtmlFileNameStaysText() {
    try (HeadlessChromium chromium = HeadlessChromium.start()) {
      WebDriver browser = chromium.driver();
      WebDriverWait wait = new WebDriverWait(browser, Duration.ofSeconds(20));
      String base = "http://localhost:" + port;
      browser.get(base + "/login");
      browser.findElement(By.name("username")).sendKeys(USER);
      browser.findElement(By.name("password")).sendKeys(PASSWORD);
      browser.findElement(By.cssSelector("button[type=submit], input[type=submit]")).click();
      wait.until(d -> !d.getCurrentUrl().contains("/login"));

      browser.get(base + "/assets?q=" + encode("camera:canon taken:2023-03"));
      wait.until(d -> d.findElements(By.cssSelector("#asset-grid figure")).size() == 3);
      WebElement tile = browser.findElement(By.cssSelector("#asset-grid figure img"));
      wait.until(d -> naturalWidth(d, tile) > 0);
      chromium.screenshot("assets-grid");

      tile.click();
      WebElement thumbnail = wait.until(d -> d.findElement(By.id("thumbnail")));
      wait.until(d -> naturalWidth(d, thumbnail) > 0);
      for (WebElement preview : browser.findElements(By.cssSelector("#artifacts img.preview"))) {
        wait.until(d -> naturalWidth(d, preview) > 0);
      }
      chromium.screenshot("asset-page");

      browser.findElement(By.id("thumbnail-lineage")).click();
      wait.until(d -> d.findElement(By.id("tool")).getText().equals("thumbnail 2"));
      assertThat(browser.findElement(By.id("pipeline")).getText()).startsWith("images-basic");
      assertThat(browser.findElement(By.id("run-link")).getAttribute("href")).contains("/runs/");
      WebElement artifactImage = browser.findElement(By.id("artifact-image"));
      wait.until(d -> naturalWidth(d, artifactImage) > 0);
      chromium.screenshot("lineage");

      browser.get(base + "/assets?q=" + encode("path:Inbox/"));
      wait.until(d -> !d.findElements(By.cssSelector("#asset-grid figcaption")).isEmpty());
      assertThat(browser.findElements(By.cssSelector("#asset-grid figcaption")))
          .extracting(WebElement::getText)
          .contains(XSS_NAME);
      assertNoAlertAndNoInjectedImage(browser);
      chromium.screenshot("xss-grid");
      browser.get(base + "/assets/" + only("onerror"));
      assertThat(browser.findElement(By.id("asset-name")).getText()).isEqualTo(XSS_NAME);
      assertNoAlertAndNoInjectedImage(browser);
      chromium.screenshot("xss-asset-page");

      browser.get(base + "/collections");
      browser.findElement(By.name("query")).sendKeys("taken:2023-03");
      wait.until(d -> d.findElement(By.id("preview")).getText().equals("3 matching assets"));
      browser.findElement(By.name("query")).sendKeys(" taken:");
      wait.until(d -> d.findElement(By.id("preview")).getText().startsWith("at column 20"));
      chromium.screenshot("collections-preview");
    }
  }

  static final String XSS_NAME = "<img src=x onerror=alert(1)>.jpg";

  private static long naturalWidth(WebDriver browser, WebElement image) {
    Object width =
        ((JavascriptExecutor) browser)
            .executeScript("return arguments[0].complete ? arguments[0].naturalWidth : 0", image);
    return ((Number) width).longValue();
  }

  private static void assertNoAlertAndNoInjectedImage(WebDriver browser) {
    assertThatThrownBy(() -> browser.switchTo().alert())
        .isInstanceOf(NoAlertPresentException.class);
    assertThat(browser.findElements(By.cssSelector("img[src='x']"))).isEmpty();
  }

  private static String encode(String query) {
    return java.net.URLEncoder.encode(query, StandardCharsets.UTF_8);
  }

  private long only(String word) {
    List<AssetSummary> found = assets.search(AssetQuery.parse(word), 0, 10);
    assertThat(found).as("assets named like " + word).hasSize(1);
    return found.get(0).id();
  }

  private String html(String url) throws Exception {
    return mvc.perform(get(java.net.URI.create(url.replace(" ", "%20"))))
        .andExpect(status().isOk())
        .andReturn()
        .getResponse()
        .getContentAsString(StandardCharsets.UTF_8);
  }

  private Run awaitEnd(long runId) {
    return await(
        () -> {
          Run run = runs.get(runId);
          return run.status().terminal() ? run : null;
        },
        "run " + runId + " to end");
  }

  private static <T> T await(Supplier<T> probe, String what) {
    Instant deadline = Instant.now().plus(TIMEOUT);
    while (Instant.now().isBefore(deadline)) {
      T value = probe.get();
      if (value != null) {
        return value;
      }
      try {
        Thread.sleep(100);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new AssertionError("interrupted while waiting for " + what);
      }
    }
    throw new AssertionError("timed out after " + TIMEOUT + " waiting for " + what);
  }

  private static Path tempDir() {
    try {
      return Files.createTempDirectory("darkroom-asset-e2e");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static SampleArchive archive() {
    try {
      return SampleArchiveGenerator.generate(DIR.resolve("archive"));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
