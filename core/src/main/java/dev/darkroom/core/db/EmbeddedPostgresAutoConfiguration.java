package dev.darkroom.core.db;

import com.zaxxer.hikari.HikariDataSource;
import dev.darkroom.core.config.DarkroomProperties;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnExpression;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration;
import org.springframework.context.annotation.Bean;

/**
 * The embedded default: with no datasource URL configured, Darkroom runs its own PostgreSQL in
 * {@code <data-dir>/postgres}, listening on 127.0.0.1 only, and keeps it across restarts.
 */
@AutoConfiguration(before = DataSourceAutoConfiguration.class)
@ConditionalOnExpression("'${spring.datasource.url:}'.isBlank()")
@EnableConfigurationProperties({DarkroomProperties.class, EmbeddedDatabaseProperties.class})
public class EmbeddedPostgresAutoConfiguration {

  private static final Logger log =
      LoggerFactory.getLogger(EmbeddedPostgresAutoConfiguration.class);

  @Bean(destroyMethod = "close")
  EmbeddedPostgres embeddedPostgres(DarkroomProperties darkroom, EmbeddedDatabaseProperties db) {
    Path dir = darkroom.dataDir().resolve("postgres").toAbsolutePath().normalize();
    try {
      Files.createDirectories(dir);
      boolean fresh = !Files.exists(dir.resolve("PG_VERSION"));
      EmbeddedPostgres pg =
          EmbeddedPostgres.builder()
              .setDataDirectory(dir)
              .setCleanDataDirectory(false)
              .setPort(db.port())
              .setServerConfig("listen_addresses", "127.0.0.1")
              .setServerConfig("max_connections", "200")
              .setRegisterShutdownHook(true)
              .start();
      log.info(
          "Embedded PostgreSQL {} in {} on 127.0.0.1:{} (set DARKROOM_DB_URL to use your own)",
          fresh ? "initialised" : "started",
          dir,
          pg.getPort());
      return pg;
    } catch (IOException e) {
      throw new UncheckedIOException(
          "Could not start the embedded PostgreSQL in "
              + dir
              + ": "
              + e.getMessage()
              + ". Check that the data directory is writable, or set DARKROOM_DB_URL.",
          e);
    }
  }

  @Bean(destroyMethod = "close")
  HikariDataSource dataSource(EmbeddedPostgres postgres) {
    HikariDataSource pool = new HikariDataSource();
    pool.setPoolName("darkroom-embedded");
    pool.setJdbcUrl(postgres.getJdbcUrl("postgres", "postgres"));
    pool.setUsername("postgres");
    pool.setPassword("postgres");
    pool.setMaximumPoolSize(20);
    return pool;
  }
}
