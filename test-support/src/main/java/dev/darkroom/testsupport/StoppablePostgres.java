package dev.darkroom.testsupport;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Comparator;
import java.util.stream.Stream;
import org.springframework.test.context.DynamicPropertyRegistry;

/**
 * An embedded PostgreSQL server of its own, for a test that takes the database away: {@link
 * #stop()} shuts the real server process down ({@code pg_ctl stop -m fast}, so clients see what
 * they see when PostgreSQL is stopped or restarted), {@link #start()} starts it again on the same
 * port and data directory, with everything committed before still there. Not the JVM-wide server of
 * {@link TestDatabase}: stopping that one would fail every other test class in the JVM.
 *
 * <p>Use: {@code static final StoppablePostgres PG = StoppablePostgres.create("MyTest");} then
 * {@code PG.registerWith(registry)} in a {@code @DynamicPropertySource}; the application's own
 * Flyway migrates its database. Close it after the class. Not thread-safe: one test drives it.
 */
public final class StoppablePostgres implements AutoCloseable {

  private static final String DATABASE = "darkroom";

  private final Path dataDir;
  private int port;
  private EmbeddedPostgres postgres;

  private StoppablePostgres(Path dataDir) {
    this.dataDir = dataDir;
    this.postgres = start(dataDir, 0);
    this.port = postgres.getPort();
    try (Connection c = postgres.getPostgresDatabase().getConnection();
        Statement s = c.createStatement()) {
      s.execute("CREATE DATABASE " + DATABASE);
    } catch (SQLException e) {
      throw new IllegalStateException("could not create the test database", e);
    }
  }

  /** Starts a new server in a fresh temporary data directory. */
  public static StoppablePostgres create(String hint) {
    try {
      return new StoppablePostgres(Files.createTempDirectory("darkroom-" + hint + "-pg"));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static EmbeddedPostgres start(Path dataDir, int port) {
    try {
      EmbeddedPostgres.Builder builder =
          EmbeddedPostgres.builder()
              .setDataDirectory(dataDir)
              // Never clean: zonky would delete the data directory when the server is closed.
              // An empty directory is initialised (initdb) on the first start all the same.
              .setCleanDataDirectory(false)
              .setServerConfig("listen_addresses", "127.0.0.1")
              .setServerConfig("max_connections", "100")
              // Test speed; a fast shutdown still checkpoints, so nothing committed is lost.
              .setServerConfig("fsync", "off")
              .setServerConfig("synchronous_commit", "off");
      if (port != 0) {
        builder.setPort(port);
      }
      return builder.start();
    } catch (IOException e) {
      throw new UncheckedIOException("could not start embedded PostgreSQL for the test", e);
    }
  }

  /** Stops the server process; connections break and new ones are refused until {@link #start}. */
  public void stop() {
    try {
      postgres.close();
    } catch (IOException e) {
      throw new UncheckedIOException("could not stop embedded PostgreSQL", e);
    }
  }

  /** Starts the stopped server again, same port, same data. */
  public void start() {
    postgres = start(dataDir, port);
  }

  public int port() {
    return port;
  }

  public String jdbcUrl() {
    return "jdbc:postgresql://127.0.0.1:" + port + "/" + DATABASE;
  }

  /** Points a Spring test context's {@code spring.datasource.*} at this server's database. */
  public void registerWith(DynamicPropertyRegistry registry) {
    registry.add("spring.datasource.url", this::jdbcUrl);
    registry.add("spring.datasource.username", () -> "postgres");
    registry.add("spring.datasource.password", () -> "postgres");
  }

  /** Stops the server and deletes its data directory. */
  @Override
  public void close() {
    stop();
    try (Stream<Path> paths = Files.walk(dataDir)) {
      paths.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
