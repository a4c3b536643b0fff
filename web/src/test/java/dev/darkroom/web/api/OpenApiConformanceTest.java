package dev.darkroom.web.api;

import static org.assertj.core.api.Assertions.assertThat;

import dev.darkroom.testsupport.TestDatabase;
import dev.darkroom.web.DarkroomApplication;
import dev.darkroom.web.security.ApiTokenRole;
import dev.darkroom.web.security.ApiTokens;
import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.SpringApplication;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * The OpenAPI document tells the truth: schemathesis ({@code st}, PyPI) generates valid and invalid
 * requests for every operation from {@code /v3/api-docs} and sends them, with an operator's bearer
 * token, to the real server application (embedded PostgreSQL, the Temporal dev server it starts,
 * real security). Any answer that is a 5xx, has a status code or media type the document does not
 * list for that operation, or a body that does not match the documented schema fails the test.
 *
 * <p>Bounded: a fixed seed, few examples per operation, and a hard time limit on the process.
 */
class OpenApiConformanceTest {

  /** A hard stop for the whole schemathesis run; it normally takes well under this. */
  private static final long TIME_LIMIT_SECONDS = 300;

  private static final List<String> CHECKS =
      List.of(
          "not_a_server_error",
          "status_code_conformance",
          "content_type_conformance",
          "response_schema_conformance");

  @TempDir Path dataDir;

  @Test
  void everyAnswerOfTheApiMatchesItsOpenApiDocument() throws Exception {
    // given schemathesis, and the server with an operator's token
    Optional<Path> st = onPath("st");
    Assumptions.assumeTrue(
        st.isPresent(),
        "No `st` (schemathesis) binary on PATH: `pip install schemathesis` (or .ci/install-tools)"
            + " to check the API against its OpenAPI document");
    TestDatabase db = TestDatabase.create("OpenApiConformanceTest");
    try (ConfigurableApplicationContext server =
        SpringApplication.run(
            DarkroomApplication.class,
            "--server.port=0",
            "--spring.datasource.url=" + db.jdbcUrl(),
            "--spring.datasource.username=" + db.username(),
            "--spring.datasource.password=" + db.password(),
            "--darkroom.data-dir=" + dataDir.resolve("data"),
            "--darkroom.temporal.ui=false",
            "--darkroom.security.admin-password=conformance-admin")) {
      String base = "http://localhost:" + server.getEnvironment().getProperty("local.server.port");
      String token =
          server
              .getBean(ApiTokens.class)
              .create("schemathesis", ApiTokenRole.OPERATOR, null, null)
              .secret();

      // when schemathesis sends what the document allows, and what it does not
      // Its reports and its example database go under target/, not into the source tree.
      Path reports = Files.createDirectories(Path.of("target", "schemathesis").toAbsolutePath());
      Path output = reports.resolve("output.txt");
      List<String> command =
          new ArrayList<>(
              List.of(
                  st.get().toString(),
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
                  "--seed",
                  "42",
                  "--workers",
                  "2",
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
              .directory(reports.toFile())
              .redirectErrorStream(true)
              .redirectOutput(output.toFile())
              .start();
      boolean ended = process.waitFor(TIME_LIMIT_SECONDS, TimeUnit.SECONDS);
      if (!ended) {
        process.destroyForcibly().waitFor();
      }
      String report = read(output);

      // then it found nothing
      assertThat(ended)
          .as("schemathesis ends within %d s:%n%s", TIME_LIMIT_SECONDS, report)
          .isTrue();
      assertThat(process.exitValue()).as("schemathesis found failures:%n%s", report).isZero();
    }
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
