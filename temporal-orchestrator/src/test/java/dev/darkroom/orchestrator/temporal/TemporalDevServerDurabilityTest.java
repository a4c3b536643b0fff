package dev.darkroom.orchestrator.temporal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.darkroom.orchestrator.temporal.testflows.AwaitSignalWorkflow;
import dev.darkroom.orchestrator.temporal.testflows.AwaitSignalWorkflowImpl;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowOptions;
import io.temporal.client.WorkflowStub;
import io.temporal.serviceclient.WorkflowServiceStubs;
import io.temporal.serviceclient.WorkflowServiceStubsOptions;
import io.temporal.worker.WorkerFactory;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Its own server: the point is to stop it and start a new one on the same SQLite file. */
class TemporalDevServerDurabilityTest {

  private static final String TASK_QUEUE = "durability";
  private static final String WORKFLOW_ID = "awaits-signal-across-restart";

  @TempDir Path dir;

  @Test
  void workflowWaitingForASignalSurvivesAServerRestartOnTheSameDatabase() throws Exception {
    Path cli = TemporalDevServerExtension.assumeCli();
    Path db = dir.resolve("temporal.db");

    // given a workflow that has started and waits for a signal
    try (TemporalDevServer first = start(cli, db);
        Connection connection = new Connection(first)) {
      AwaitSignalWorkflow workflow =
          connection.client.newWorkflowStub(
              AwaitSignalWorkflow.class,
              WorkflowOptions.newBuilder()
                  .setTaskQueue(TASK_QUEUE)
                  .setWorkflowId(WORKFLOW_ID)
                  // Bounds a broken test instead of letting it wait forever.
                  .setWorkflowExecutionTimeout(Duration.ofMinutes(2))
                  .build());
      WorkflowClient.start(workflow::await);
    }

    // when the server process is gone and a new one opens the same file
    try (TemporalDevServer second = start(cli, db);
        Connection connection = new Connection(second)) {
      AwaitSignalWorkflow workflow =
          connection.client.newWorkflowStub(AwaitSignalWorkflow.class, WORKFLOW_ID);
      workflow.release("after restart");

      // then it completes with the signal's value
      String result =
          WorkflowStub.fromTyped(workflow).getResult(30, TimeUnit.SECONDS, String.class);
      assertThat(result).isEqualTo("released with after restart");
    }
  }

  private TemporalDevServer start(Path cli, Path db) {
    return TemporalDevServer.builder(cli)
        .dbFile(db)
        .logFile(dir.resolve("temporal.log"))
        .headless()
        .start();
  }

  /** A client and a started worker for one server; closes both before the server stops. */
  private static final class Connection implements AutoCloseable {
    final WorkflowServiceStubs stubs;
    final WorkflowClient client;
    final WorkerFactory workers;

    Connection(TemporalDevServer server) {
      stubs =
          WorkflowServiceStubs.newServiceStubs(
              WorkflowServiceStubsOptions.newBuilder().setTarget(server.target()).build());
      client = WorkflowClient.newInstance(stubs);
      workers = WorkerFactory.newInstance(client);
      workers
          .newWorker(TASK_QUEUE)
          .registerWorkflowImplementationTypes(AwaitSignalWorkflowImpl.class);
      workers.start();
    }

    @Override
    public void close() {
      workers.shutdownNow();
      workers.awaitTermination(5, TimeUnit.SECONDS);
      stubs.shutdownNow();
    }
  }
}
