package dev.darkroom.web.api;

import static org.assertj.core.api.Assertions.assertThat;

import dev.darkroom.testsupport.StoppablePostgres;
import dev.darkroom.web.DarkroomApplication;
import dev.darkroom.web.security.ApiTokenRole;
import dev.darkroom.web.security.ApiTokens;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.ConfigurableApplicationContext;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The server application on a real PostgreSQL server that is stopped ({@code pg_ctl stop -m fast})
 * and started again: the API's own endpoints (listing runs, starting one, reading assets) answer a
 * 503 {@code database-unavailable} problem with {@code Retry-After} and one log line, no stack
 * trace, while it is away, and their normal answers once it is back, without a restart.
 */
@ExtendWith(OutputCaptureExtension.class)
class DatabaseOutageAnswersTest {

  private static final JsonMapper JSON = JsonMapper.builder().build();

  @TempDir Path dataDir;

  private final HttpClient http =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
  private String base = "";
  private String token = "";

  @Test
  void apiEndpointsAnswer503WhilePostgresIsStoppedAndNormallyWhenItIsBack(CapturedOutput output)
      throws Exception {
    try (StoppablePostgres pg = StoppablePostgres.create("DatabaseOutageAnswersTest");
        ConfigurableApplicationContext server =
            SpringApplication.run(
                DarkroomApplication.class,
                "--server.port=0",
                "--server.address=127.0.0.1",
                "--spring.datasource.url=" + pg.jdbcUrl(),
                "--spring.datasource.username=postgres",
                "--spring.datasource.password=postgres",
                // Hikari gives up on a connection quickly, so the answer comes within seconds.
                "--spring.datasource.hikari.connection-timeout=2000",
                "--darkroom.data-dir=" + dataDir,
                "--darkroom.temporal.ui=false")) {
      base = "http://127.0.0.1:" + server.getEnvironment().getProperty("local.server.port");
      token =
          server
              .getBean(ApiTokens.class)
              .create("outage test", ApiTokenRole.OPERATOR, null, null)
              .secret();
      // given a server that answers
      assertThat(send("GET", "/api/runs", null).statusCode()).isEqualTo(200);

      // when PostgreSQL is stopped
      pg.stop();
      try {
        // then reading runs and assets and starting a run answer 503 problems with Retry-After
        assertDatabaseUnavailable(send("GET", "/api/runs", null));
        assertDatabaseUnavailable(send("GET", "/api/assets", null));
        assertDatabaseUnavailable(
            send(
                "POST",
                "/api/runs",
                """
                {"pipeline": "images-basic", "scope": {"all": true},
                 "policy": {"kind": "PRODUCTION"}}
                """));
        assertThat(output.getOut()).contains("503 GET /api/runs").contains("503 POST /api/runs");
        // Darkroom's answers log one line each. The one stack trace allowed is Hikari's own
        // warning for a pooled connection the stopping server terminated (SQLSTATE 57P01), which
        // depends on whether a connection was in use at that moment.
        String withoutHikariWarnings =
            output
                .getOut()
                .replaceAll(
                    "(?s)WARN  \\[[^\\]]*\\] c\\.zaxxer\\.hikari\\.pool\\.ProxyConnection - [^\\n]*\\n"
                        + "(?:[^\\n]*(?:Exception|Error)[^\\n]*\\n)?(?:\\s+at [^\\n]*\\n|\\s+\\.\\.\\. [^\\n]*\\n)*",
                    "");
        assertThat(withoutHikariWarnings).doesNotContain("\tat org.postgresql");
      } finally {
        pg.start();
      }

      // and once it is back the same endpoint answers normally, without a restart
      HttpResponse<String> again = awaitStatus("/api/runs", 200);
      assertThat(JSON.readTree(again.body()).path("items").isArray()).isTrue();
    }
  }

  private static void assertDatabaseUnavailable(HttpResponse<String> response) {
    assertThat(response.statusCode()).as(response.body()).isEqualTo(503);
    assertThat(response.headers().firstValue("Retry-After")).hasValue("10");
    assertThat(response.headers().firstValue("Content-Type"))
        .hasValueSatisfying(type -> assertThat(type).startsWith("application/problem+json"));
    JsonNode problem = JSON.readTree(response.body());
    assertThat(problem.path("type").asString()).endsWith("/database-unavailable");
    assertThat(problem.path("status").asInt()).isEqualTo(503);
    assertThat(response.body()).doesNotContainPattern("java\\.|Exception|org\\.");
  }

  private HttpResponse<String> awaitStatus(String path, int status) throws Exception {
    long deadline = System.nanoTime() + Duration.ofMinutes(2).toNanos();
    HttpResponse<String> response = send("GET", path, null);
    while (response.statusCode() != status) {
      assertThat(System.nanoTime()).as("%s to answer %d", path, status).isLessThan(deadline);
      Thread.sleep(500);
      response = send("GET", path, null);
    }
    return response;
  }

  private HttpResponse<String> send(String method, String path, String body) throws Exception {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(URI.create(base + path))
            .timeout(Duration.ofSeconds(60))
            .header("Authorization", "Bearer " + token)
            .header("Accept", "application/json, application/problem+json");
    if (body == null) {
      request.method(method, HttpRequest.BodyPublishers.noBody());
    } else {
      request
          .header("Content-Type", "application/json")
          .method(method, HttpRequest.BodyPublishers.ofString(body));
    }
    return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
  }
}
