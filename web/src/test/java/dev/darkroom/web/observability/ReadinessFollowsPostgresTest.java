package dev.darkroom.web.observability;

import static org.assertj.core.api.Assertions.assertThat;

import dev.darkroom.testsupport.StoppablePostgres;
import dev.darkroom.web.DarkroomApplication;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.SpringApplication;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * The readiness probe follows the real PostgreSQL: stopped ({@code pg_ctl stop -m fast}), the
 * server is taken out of service while liveness stays up (a restart would not bring the database
 * back); started again, it is ready again without a restart.
 */
class ReadinessFollowsPostgresTest {

  @TempDir Path dataDir;

  private final HttpClient http =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

  @Test
  void readinessFailsWhilePostgresIsStoppedAndRecoversWhenItReturns() throws Exception {
    try (StoppablePostgres pg = StoppablePostgres.create("ReadinessFollowsPostgresTest");
        ConfigurableApplicationContext server =
            SpringApplication.run(
                DarkroomApplication.class,
                "--server.port=0",
                "--spring.datasource.url=" + pg.jdbcUrl(),
                "--spring.datasource.username=postgres",
                "--spring.datasource.password=postgres",
                // Hikari gives up on a connection quickly, so the probe answers within its timeout.
                "--spring.datasource.hikari.connection-timeout=2000",
                "--darkroom.data-dir=" + dataDir,
                "--darkroom.temporal.ui=false")) {
      String base = "http://localhost:" + server.getEnvironment().getProperty("local.server.port");
      assertThat(status(base + "/actuator/health/readiness")).isEqualTo(200);

      pg.stop();
      await(() -> status(base + "/actuator/health/readiness") == 503);
      assertThat(status(base + "/actuator/health/liveness"))
          .as("liveness does not depend on the database")
          .isEqualTo(200);

      pg.start();
      await(() -> status(base + "/actuator/health/readiness") == 200);
    }
  }

  private int status(String url) {
    try {
      return http.send(
              HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(20)).GET().build(),
              HttpResponse.BodyHandlers.discarding())
          .statusCode();
    } catch (Exception e) {
      return -1;
    }
  }

  private static void await(BooleanSupplier condition) throws InterruptedException {
    long deadline = System.nanoTime() + Duration.ofMinutes(2).toNanos();
    while (!condition.getAsBoolean()) {
      assertThat(System.nanoTime()).as("condition within 2 minutes").isLessThan(deadline);
      Thread.sleep(500);
    }
  }
}
