package dev.darkroom.testsupport;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.concurrent.atomic.AtomicInteger;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;

/**
 * One embedded PostgreSQL per test JVM, listening on 127.0.0.1 only. A template database is
 * migrated once with every Flyway migration on the test class path; each {@link TestDatabase} is a
 * fresh copy of it ({@code CREATE DATABASE ... TEMPLATE}), which takes milliseconds.
 */
final class EmbeddedPostgresServer {

  /**
   * {@code -Ddarkroom.test.postgres.durable=true}: fsync, synchronous commit and full-page writes
   * on, as in the product. Off by default to keep tests fast.
   */
  static final String DURABLE_PROPERTY = "darkroom.test.postgres.durable";

  /**
   * {@code -Ddarkroom.test.postgres.settings=name=value;name=value}: further server settings, for
   * profiling a benchmark (e.g. {@code shared_preload_libraries=pg_stat_statements}); none by
   * default.
   */
  static final String SETTINGS_PROPERTY = "darkroom.test.postgres.settings";

  private static final String TEMPLATE = "darkroom_template";
  private static final AtomicInteger COUNTER = new AtomicInteger();
  private static volatile EmbeddedPostgresServer instance;

  private final EmbeddedPostgres postgres;

  private EmbeddedPostgresServer(EmbeddedPostgres postgres) {
    this.postgres = postgres;
  }

  static EmbeddedPostgresServer get() {
    EmbeddedPostgresServer local = instance;
    if (local == null) {
      synchronized (EmbeddedPostgresServer.class) {
        local = instance;
        if (local == null) {
          local = start();
          instance = local;
        }
      }
    }
    return local;
  }

  private static EmbeddedPostgresServer start() {
    try {
      Path dir = Files.createTempDirectory("darkroom-test-pg");
      // Tests trade durability for speed; benchmarks must not (bench/run sets the property), so
      // they measure with the product's settings (EmbeddedPostgresAutoConfiguration).
      String durability = Boolean.getBoolean(DURABLE_PROPERTY) ? "on" : "off";
      EmbeddedPostgres.Builder builder =
          EmbeddedPostgres.builder()
              .setDataDirectory(dir)
              .setCleanDataDirectory(true)
              .setServerConfig("listen_addresses", "127.0.0.1")
              .setServerConfig("max_connections", "300")
              .setServerConfig("fsync", durability)
              .setServerConfig("synchronous_commit", durability)
              .setServerConfig("full_page_writes", durability);
      for (String setting : System.getProperty(SETTINGS_PROPERTY, "").split(";")) {
        int eq = setting.indexOf('=');
        if (eq > 0) {
          builder.setServerConfig(
              setting.substring(0, eq).trim(), setting.substring(eq + 1).trim());
        }
      }
      EmbeddedPostgres pg = builder.start();
      EmbeddedPostgresServer server = new EmbeddedPostgresServer(pg);
      server.createTemplate();
      return server;
    } catch (IOException e) {
      throw new UncheckedIOException("could not start embedded PostgreSQL for tests", e);
    }
  }

  private void createTemplate() {
    execute("CREATE DATABASE " + TEMPLATE);
    Flyway.configure()
        .dataSource(postgres.getDatabase("postgres", TEMPLATE))
        .locations("classpath:db/migration")
        .load()
        .migrate();
  }

  /** Creates a fresh, fully migrated database and returns its name. */
  String newDatabase(String hint) {
    String name =
        "t_" + hint.toLowerCase().replaceAll("[^a-z0-9]", "_") + "_" + COUNTER.incrementAndGet();
    if (name.length() > 60) {
      name = name.substring(name.length() - 60);
      name = "t" + name.substring(1);
    }
    // Run ids start at 1 in every database. Workflow ids still do not collide across the test
    // classes sharing one Temporal server: each database is an installation with its own id
    // (created
    // on first use, so not copied from the template), and workflow ids embed it.
    execute("CREATE DATABASE " + name + " TEMPLATE " + TEMPLATE);
    return name;
  }

  DataSource dataSource(String database) {
    return postgres.getDatabase("postgres", database);
  }

  String jdbcUrl(String database) {
    return postgres.getJdbcUrl("postgres", database);
  }

  private void execute(String sql) {
    try (Connection c = postgres.getPostgresDatabase().getConnection();
        Statement s = c.createStatement()) {
      s.execute(sql);
    } catch (SQLException e) {
      throw new IllegalStateException("test database setup failed: " + sql, e);
    }
  }
}
