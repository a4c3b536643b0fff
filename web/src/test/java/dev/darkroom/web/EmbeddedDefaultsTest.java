package dev.darkroom.web;

import static org.assertj.core.api.Assertions.assertThat;

import dev.darkroom.testsupport.TestDatabase;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.WebApplicationType;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.simple.JdbcClient;

/** With no datasource configured Darkroom runs its own PostgreSQL; with one, it uses that. */
class EmbeddedDefaultsTest {

  @TempDir Path dataDir;

  @Test
  void withoutDatasourceUrlEmbeddedPostgresIsStartedInDataDirAndMigrated() {
    try (ConfigurableApplicationContext context = start(Map.of())) {
      assertThat(context.getBeansOfType(EmbeddedPostgres.class)).hasSize(1);
      JdbcClient jdbc = context.getBean(JdbcClient.class);
      assertThat(migratedVersions(jdbc)).contains("1", "2");
      assertThat(
              jdbc.sql("SELECT setting FROM pg_settings WHERE name = 'data_directory'")
                  .query(String.class)
                  .single())
          .isEqualTo(dataDir.resolve("postgres").toAbsolutePath().toString());
      // the product's PostgreSQL is durable: a committed row survives a power cut
      assertThat(jdbc.sql("SHOW fsync").query(String.class).single()).isEqualTo("on");
      assertThat(jdbc.sql("SHOW synchronous_commit").query(String.class).single()).isEqualTo("on");
      assertThat(jdbc.sql("SHOW full_page_writes").query(String.class).single()).isEqualTo("on");
      // and the data directory is locked by this JVM
      assertThat(dataDir.resolve("darkroom.lock"))
          .content()
          .contains(Long.toString(ProcessHandle.current().pid()));
      jdbc.sql("INSERT INTO archive_root (name, path) VALUES ('kept', '/x')").update();
    }
    try (ConfigurableApplicationContext again = start(Map.of())) {
      assertThat(
              again
                  .getBean(JdbcClient.class)
                  .sql("SELECT count(*) FROM archive_root WHERE name = 'kept'")
                  .query(Long.class)
                  .single())
          .as("data survives a restart")
          .isEqualTo(1L);
    }
  }

  @Test
  void configuredDatasourceUrlIsUsedAndNoEmbeddedServerStarts() {
    TestDatabase external = TestDatabase.create("external");

    try (ConfigurableApplicationContext context =
        start(
            Map.of(
                "spring.datasource.url", external.jdbcUrl(),
                "spring.datasource.username", external.username(),
                "spring.datasource.password", external.password()))) {
      assertThat(context.getBeansOfType(EmbeddedPostgres.class)).isEmpty();
      assertThat(
              context
                  .getBean(JdbcClient.class)
                  .sql("SELECT current_database()")
                  .query(String.class)
                  .single())
          .isEqualTo(external.name());
      assertThat(dataDir.resolve("postgres")).doesNotExist();
    }
  }

  private ConfigurableApplicationContext start(Map<String, Object> properties) {
    SpringApplication app = new SpringApplication(DarkroomApplication.class);
    app.setWebApplicationType(WebApplicationType.NONE);
    java.util.Map<String, Object> all = new java.util.HashMap<>(properties);
    all.put("darkroom.data-dir", dataDir.toString());
    // Command-line form: it outranks application.properties, as an operator's flags would.
    return app.run(
        all.entrySet().stream()
            .map(e -> "--" + e.getKey() + "=" + e.getValue())
            .toArray(String[]::new));
  }

  private static java.util.List<String> migratedVersions(JdbcClient jdbc) {
    return jdbc.sql(
            "SELECT version FROM flyway_schema_history WHERE success ORDER BY installed_rank")
        .query(String.class)
        .list();
  }
}
