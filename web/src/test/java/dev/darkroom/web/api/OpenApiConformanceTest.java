package dev.darkroom.web.api;

import static org.assertj.core.api.Assertions.assertThat;

import dev.darkroom.batch.sample.SampleArchive;
import dev.darkroom.batch.sample.SampleArchiveGenerator;
import dev.darkroom.batch.scan.ScanService;
import dev.darkroom.core.run.RunPolicy;
import dev.darkroom.core.run.RunRequest;
import dev.darkroom.orchestrator.run.RunService;
import dev.darkroom.testsupport.TestDatabase;
import dev.darkroom.web.DarkroomApplication;
import dev.darkroom.web.security.ApiTokenRole;
import dev.darkroom.web.security.ApiTokens;
import java.io.File;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.boot.SpringApplication;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * The OpenAPI document tells the truth: schemathesis ({@code st}, PyPI) generates valid and invalid
 * requests for every operation from {@code /v3/api-docs} and sends them, with an operator's bearer
 * token, to the real server application (embedded PostgreSQL, the Temporal dev server it starts,
 * real security). Any answer that is a 5xx, has a status code or media type the document does not
 * list for that operation, or a body that does not match the documented schema fails the test.
 *
 * <p>On seeded data, so the document's 200 answers are checked too and not mostly 404s: a scanned
 * sample archive, a finished sandbox run with artifacts, a collection. Path ids are drawn from the
 * seeded ones with a fixed probability (a schemathesis dictionary, see {@link #config}), else
 * generated as before.
 *
 * <p>Bounded: a fixed seed, few examples per operation, and a hard time limit on the process.
 */
class OpenApiConformanceTest {

  /** A hard stop for the whole schemathesis run; it normally takes well under this. */
  private static final long TIME_LIMIT_SECONDS = 300;

  /** Schemathesis's own time budget ({@code --max-time}): it stops generating when it is spent. */
  private static final long TIME_BUDGET_SECONDS = 90;

  private static final List<String> CHECKS =
      List.of(
          "not_a_server_error",
          "status_code_conformance",
          "content_type_conformance",
          "response_schema_conformance");

  /** How often a path id is one of the seeded ones rather than a generated number. */
  private static final double SEEDED_ID_PROBABILITY = 0.6;

  private static Path dataDir;
  private static ConfigurableApplicationContext server;
  private static String base;
  private static String token;
  private static Map<String, List<Long>> seeded = Map.of();

  @BeforeAll
  static void startTheServer() throws Exception {
    dataDir = Files.createTempDirectory("darkroom-openapi-conformance");
    SampleArchive archive = SampleArchiveGenerator.generate(dataDir.resolve("photos"));
    TestDatabase db = TestDatabase.create("OpenApiConformanceTest");
    server =
        SpringApplication.run(
            DarkroomApplication.class,
            "--server.port=0",
            "--spring.datasource.url=" + db.jdbcUrl(),
            "--spring.datasource.username=" + db.username(),
            "--spring.datasource.password=" + db.password(),
            "--darkroom.data-dir=" + dataDir.resolve("data"),
            "--darkroom.archive.roots=" + archive.root(),
            "--darkroom.temporal.ui=false",
            "--darkroom.security.admin-password=conformance-admin");
    base = "http://localhost:" + server.getEnvironment().getProperty("local.server.port");
    token =
        server
            .getBean(ApiTokens.class)
            .create("schemathesis", ApiTokenRole.OPERATOR, null, null)
            .secret();
    seeded = seed(server);
  }

  /**
   * A scanned sample archive, a finished sandbox run over a few of its images (artifacts, lineage,
   * partitions, Batch executions) and a static collection; returns their ids by kind.
   */
  private static Map<String, List<Long>> seed(ConfigurableApplicationContext server)
      throws InterruptedException {
    server.getBean(ScanService.class).scan(false, progress -> {});
    RunService runs = server.getBean(RunService.class);
    long runId =
        runs.startRun(
            RunRequest.allAssets("images-basic", RunPolicy.sandbox(4, 42), "seed"), "seed");
    long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(3);
    while (!runs.get(runId).status().terminal()) {
      assertThat(System.nanoTime()).as("the seeded run %d to end", runId).isLessThan(deadline);
      Thread.sleep(200);
    }
    JdbcClient jdbc = server.getBean(JdbcClient.class);
    long collection =
        jdbc.sql(
                "INSERT INTO collection (name, kind) VALUES ('seeded', 'STATIC')" + " RETURNING id")
            .query(Long.class)
            .single();
    jdbc.sql(
            "INSERT INTO collection_member (collection_id, asset_id)"
                + " SELECT ?, id FROM asset ORDER BY id LIMIT 3")
        .param(collection)
        .update();
    Map<String, List<Long>> ids = new LinkedHashMap<>();
    ids.put("run", List.of(runId));
    ids.put("scan", ids(jdbc, "SELECT id FROM scan ORDER BY id LIMIT 3"));
    ids.put("asset", ids(jdbc, "SELECT id FROM asset ORDER BY id LIMIT 5"));
    ids.put("artifact", ids(jdbc, "SELECT id FROM artifact ORDER BY id LIMIT 5"));
    ids.put("collection", List.of(collection));
    ids.put("execution", ids(jdbc, "SELECT job_execution_id FROM batch_job_execution ORDER BY 1"));
    ids.put("instance", ids(jdbc, "SELECT job_instance_id FROM batch_job_instance ORDER BY 1"));
    return ids;
  }

  private static List<Long> ids(JdbcClient jdbc, String sql) {
    List<Long> ids = jdbc.sql(sql).query(Long.class).list();
    assertThat(ids).as(sql).isNotEmpty();
    return ids;
  }

  /**
   * The schemathesis configuration: for each path with an {@code {id}} of a seeded kind, the id is
   * one of the seeded ones with {@value #SEEDED_ID_PROBABILITY} probability.
   */
  private static String config() {
    Map<String, String> pathsByKind = new LinkedHashMap<>();
    pathsByKind.put("run", "^/api/runs/\\{id\\}");
    pathsByKind.put("scan", "^/api/scans/\\{id\\}");
    pathsByKind.put("asset", "^/api/assets/\\{id\\}");
    pathsByKind.put("artifact", "^/api/artifacts/\\{id\\}");
    pathsByKind.put("collection", "^/api/collections/\\{id\\}");
    pathsByKind.put("execution", "/executions/\\{id\\}");
    pathsByKind.put("instance", "/instances/\\{id\\}");
    StringBuilder toml = new StringBuilder();
    seeded.forEach(
        (kind, ids) ->
            toml.append("[dictionaries.")
                .append(kind)
                .append("]\nvalues = ")
                .append(ids)
                .append("\n\n"));
    pathsByKind.forEach(
        (kind, regex) ->
            // A TOML literal string: the regex's backslashes stay as they are.
            toml.append("[[operations]]\ninclude-path-regex = '")
                .append(regex)
                .append("'\nparameters = { \"path.id\" = { dictionary = \"")
                .append(kind)
                .append("\", probability = ")
                .append(SEEDED_ID_PROBABILITY)
                .append(" } }\n\n"));
    return toml.toString();
  }

  @AfterAll
  static void stopTheServer() {
    if (server != null) {
      server.close();
    }
  }

  @Test
  void startingARunRefusesNonIntegerCountsUnknownParametersAndOutOfRangeTtlsNamingTheField()
      throws Exception {
    String sandbox = "{\"pipeline\":\"images-basic\",\"scope\":{\"all\":true},\"policy\":";
    Map<String, String> refused = new LinkedHashMap<>();
    refused.put(sandbox + "{\"kind\":\"SANDBOX\",\"sampleCount\":2.5}}", "policy.sampleCount");
    refused.put(sandbox + "{\"kind\":\"SANDBOX\",\"sampleCount\":\"ten\"}}", "policy.sampleCount");
    refused.put(sandbox + "{\"kind\":\"SANDBOX\",\"sampleCount\":1e3}}", "policy.sampleCount");
    refused.put(
        sandbox + "{\"kind\":\"SANDBOX\",\"sampleCount\":5,\"artifactTtl\":\"400d\"}}",
        "policy.artifactTtl");
    refused.put(
        sandbox + "{\"kind\":\"SANDBOX\",\"sampleCount\":5,\"artifactTtl\":\"0s\"}}",
        "policy.artifactTtl");
    refused.put(
        sandbox + "{\"kind\":\"PRODUCTION\"},\"parameters\":{\"thumbnail\":{\"sharpness\":3}}}",
        "sharpness");
    refused.put(
        sandbox + "{\"kind\":\"PRODUCTION\"},\"parameters\":{\"no-such-tool\":{\"x\":1}}}",
        "no-such-tool");
    HttpClient http = HttpClient.newHttpClient();
    for (Map.Entry<String, String> body : refused.entrySet()) {
      HttpResponse<String> answer =
          http.send(
              HttpRequest.newBuilder(URI.create(base + "/api/runs"))
                  .header("Authorization", "Bearer " + token)
                  .header("Content-Type", "application/json")
                  .POST(HttpRequest.BodyPublishers.ofString(body.getKey()))
                  .build(),
              HttpResponse.BodyHandlers.ofString());
      assertThat(answer.statusCode()).as("%s -> %s", body.getKey(), answer.body()).isEqualTo(400);
      assertThat(answer.headers().firstValue("Content-Type")).hasValue("application/problem+json");
      assertThat(answer.body())
          .as(body.getKey())
          .contains(body.getValue())
          .doesNotContainPattern("java\\.|Exception");
    }
    HttpResponse<String> noToken =
        http.send(
            HttpRequest.newBuilder(URI.create(base + "/api/runs"))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(sandbox + "{\"kind\":\"PRODUCTION\"}}"))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(noToken.statusCode()).isEqualTo(401);
    assertThat(noToken.headers().firstValue("Content-Type")).hasValue("application/problem+json");
  }

  @Test
  void everyAnswerOfTheApiMatchesItsOpenApiDocument() throws Exception {
    // given schemathesis, and the server with an operator's token
    Optional<Path> st = onPath("st");
    Assumptions.assumeTrue(
        st.isPresent(),
        "No `st` (schemathesis) binary on PATH: `pip install schemathesis` (or .ci/install-tools)"
            + " to check the API against its OpenAPI document");
    // when schemathesis sends what the document allows, and what it does not
    // Its reports go under target/ (its example cache, .schemathesis/, is git-ignored).
    Path reports = Files.createDirectories(Path.of("target", "schemathesis").toAbsolutePath());
    Path output = reports.resolve("output.txt");
    // The document is generated at its first request, which takes seconds on a loaded machine and
    // schemathesis gives its schema download 10: ask once here, and it is cached.
    HttpResponse<String> document =
        HttpClient.newHttpClient()
            .send(
                HttpRequest.newBuilder(URI.create(base + "/v3/api-docs"))
                    .timeout(java.time.Duration.ofMinutes(2))
                    .build(),
                HttpResponse.BodyHandlers.ofString());
    assertThat(document.statusCode()).isEqualTo(200);
    Path config = reports.resolve("schemathesis.toml");
    Files.writeString(config, config(), StandardCharsets.UTF_8);
    List<String> command =
        new ArrayList<>(
            List.of(
                st.get().toString(),
                "--config-file",
                config.toString(),
                "run",
                base + "/v3/api-docs",
                "--checks",
                String.join(",", CHECKS),
                "--header",
                "Authorization: Bearer " + token,
                "--phases",
                "examples,coverage,fuzzing",
                "--max-examples",
                "8",
                // The budget that keeps it under two minutes on a loaded machine.
                "--max-time",
                Long.toString(TIME_BUDGET_SECONDS),
                "--seed",
                "42",
                // One worker: with two, Hypothesis's lambda descriptions (Python's ast, not thread
                // safe on 3.11) failed a run with "AST constructor recursion depth mismatch".
                "--workers",
                "1",
                "--request-timeout",
                "30",
                "--max-failures",
                "50",
                "--report",
                "junit",
                "--report-dir",
                reports.toString(),
                // A live event stream never ends: no request-response check fits it.
                "--exclude-path-regex",
                "^/api/runs/\\{id\\}/events$",
                // Stand-in endpoints of the security tests, on the test classpath only.
                "--exclude-path-regex",
                "^/api/test/"));
    Process process =
        new ProcessBuilder(command)
            .redirectErrorStream(true)
            .redirectOutput(output.toFile())
            .start();
    boolean ended = process.waitFor(TIME_LIMIT_SECONDS, TimeUnit.SECONDS);
    if (!ended) {
      process.destroyForcibly().waitFor();
    }
    String report = read(output);

    // then it found nothing
    assertThat(ended).as("schemathesis ends within %d s:%n%s", TIME_LIMIT_SECONDS, report).isTrue();
    assertThat(process.exitValue()).as("schemathesis found failures:%n%s", report).isZero();
  }

  private static String read(Path file) throws IOException {
    return Files.exists(file) ? Files.readString(file, StandardCharsets.UTF_8) : "(no output)";
  }

  private static Optional<Path> onPath(String name) {
    String path = System.getenv("PATH");
    if (path == null) {
      return Optional.empty();
    }
    for (String dir : path.split(File.pathSeparator)) {
      Path candidate = Path.of(dir, name);
      if (Files.isExecutable(candidate)) {
        return Optional.of(candidate);
      }
    }
    return Optional.empty();
  }
}
