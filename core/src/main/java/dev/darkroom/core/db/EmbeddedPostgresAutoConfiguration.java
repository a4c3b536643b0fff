package dev.darkroom.core.db;

import com.zaxxer.hikari.HikariDataSource;
import dev.darkroom.core.config.DarkroomProperties;
import dev.darkroom.core.process.DataDirectoryLock;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnExpression;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration;
import org.springframework.context.annotation.Bean;

/**
 * The embedded default: with no datasource URL configured, Darkroom runs its own PostgreSQL in
 * {@code <data-dir>/postgres}, listening on 127.0.0.1 only, and keeps it across restarts. It runs
 * with fsync and synchronous commit on ({@link #DURABLE_SETTINGS}); it holds the data-directory
 * lock, stops what a killed predecessor left running before it starts, and is stopped by a watchdog
 * if this JVM dies without stopping it.
 */
@AutoConfiguration(before = DataSourceAutoConfiguration.class)
@ConditionalOnExpression("'${spring.datasource.url:}'.isBlank()")
@EnableConfigurationProperties({DarkroomProperties.class, EmbeddedDatabaseProperties.class})
public class EmbeddedPostgresAutoConfiguration {

  private static final Logger log =
      LoggerFactory.getLogger(EmbeddedPostgresAutoConfiguration.class);

  /**
   * The product's durability settings, PostgreSQL's own defaults, which zonky's builder turns off
   * for tests: a committed catalog row survives a power cut like the fsynced blob it points to.
   */
  public static final Map<String, String> DURABLE_SETTINGS =
      Map.of("fsync", "on", "synchronous_commit", "on", "full_page_writes", "on");

  // How long a leftover PostgreSQL of a killed server gets to stop before it is killed.
  private static final Duration LEFTOVER_GRACE = Duration.ofSeconds(30);

  /**
   * Held while the embedded PostgreSQL runs: a second server on the same data directory is refused
   * before it touches PostgreSQL, and whatever runs on the directory when we get it is a leftover.
   */
  @Bean(destroyMethod = "close")
  DataDirectoryLock embeddedPostgresDataDirectoryLock(DarkroomProperties darkroom) {
    return DataDirectoryLock.acquire(darkroom.dataDir());
  }

  @Bean(destroyMethod = "close")
  EmbeddedPostgres embeddedPostgres(DataDirectoryLock lock, EmbeddedDatabaseProperties db) {
    Path dir = lock.dataDir().resolve("postgres");
    List<String> cleaned = List.of();
    try {
      Files.createDirectories(dir);
      boolean fresh = !Files.exists(dir.resolve("PG_VERSION"));
      cleaned = StalePostmaster.cleanUp(dir, LEFTOVER_GRACE);
      EmbeddedPostgres.Builder builder =
          EmbeddedPostgres.builder()
              .setDataDirectory(dir)
              .setCleanDataDirectory(false)
              .setPort(db.port())
              .setServerConfig("listen_addresses", "127.0.0.1")
              .setServerConfig("max_connections", "200")
              // Spring stops it in order, after the workers; a JVM hook would race them. If the
              // JVM dies without closing the context, the watchdog stops it.
              .setRegisterShutdownHook(false);
      DURABLE_SETTINGS.forEach(builder::setServerConfig);
      EmbeddedPostgres pg = builder.start();
      log.info(
          "Embedded PostgreSQL {} in {} on 127.0.0.1:{} (set DARKROOM_DB_URL to use your own)",
          fresh ? "initialised" : "started",
          dir,
          pg.getPort());
      return pg;
    } catch (IOException | RuntimeException e) {
      throw new IllegalStateException(
          "Could not start the embedded PostgreSQL in "
              + dir
              + ": "
              + e.getMessage()
              + (cleaned.isEmpty() ? "" : " (before that: " + String.join(" ", cleaned) + ")")
              + ". Its log lines are above; check that the data directory is writable and not"
              + " full, or set DARKROOM_DB_URL to use your own PostgreSQL.",
          e);
    }
  }

  /** Stops the embedded PostgreSQL if this JVM dies without stopping it (kill -9, a crash). */
  @Bean(destroyMethod = "close")
  PostgresWatchdog embeddedPostgresWatchdog(DataDirectoryLock lock, EmbeddedPostgres postgres) {
    return PostgresWatchdog.start(lock.dataDir().resolve("postgres"));
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
