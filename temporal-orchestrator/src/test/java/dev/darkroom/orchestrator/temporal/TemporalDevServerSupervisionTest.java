package dev.darkroom.orchestrator.temporal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.darkroom.core.process.OrphanProcesses;
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
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The embedded dev server as the product runs it: supervised (killed, it comes back on the same
 * port and SQLite file, and a worker that was connected carries on), and a start that finds a
 * leftover dev server of its database file stops it first.
 */
class TemporalDevServerSupervisionTest {

  private static final String TASK_QUEUE = "supervision";

  @TempDir Path dir;

  @Test
  void killedServerIsRestartedOnTheSamePortAndAWaitingWorkflowCompletes() throws Exception {
    Path cli = TemporalDevServerExtension.assumeCli();
    try (TemporalDevServer server =
        TemporalDevServer.builder(cli)
            .dbFile(dir.resolve("temporal.db"))
            .headless()
            .supervised(true)
            .start()) {
      WorkflowServiceStubs stubs =
          WorkflowServiceStubs.newServiceStubs(
              WorkflowServiceStubsOptions.newBuilder().setTarget(server.target()).build());
      WorkflowClient client = WorkflowClient.newInstance(stubs);
      WorkerFactory workers = WorkerFactory.newInstance(client);
      workers
          .newWorker(TASK_QUEUE)
          .registerWorkflowImplementationTypes(AwaitSignalWorkflowImpl.class);
      workers.start();
      try {
        // given a workflow waiting for a signal, and the server's real process
        AwaitSignalWorkflow workflow =
            client.newWorkflowStub(
                AwaitSignalWorkflow.class,
                WorkflowOptions.newBuilder()
                    .setTaskQueue(TASK_QUEUE)
                    .setWorkflowId("survives-kill")
                    .setWorkflowExecutionTimeout(Duration.ofMinutes(3))
                    .build());
        WorkflowClient.start(workflow::await);
        long firstPid = server.pid();
        assertThat(OrphanProcesses.commandLine(ProcessHandle.of(firstPid).orElseThrow()))
            .hasValueSatisfying(line -> assertThat(line).contains("start-dev"));
        assertThat(server.reachable()).isTrue();

        // when it is killed
        ProcessHandle.of(firstPid).orElseThrow().destroyForcibly();

        // then it runs again under a new pid on the same port, and the workflow carries on
        await(() -> server.restarts() == 1 && server.reachable(), Duration.ofSeconds(120));
        assertThat(server.pid()).isNotEqualTo(firstPid);
        assertThat(server.state()).isEqualTo(TemporalDevServer.State.RUNNING);
        assertThat(OrphanProcesses.readPidFile(dir.resolve("temporal.pid"))).hasValue(server.pid());
        workflow.release("after kill");
        String result =
            WorkflowStub.fromTyped(workflow).getResult(60, TimeUnit.SECONDS, String.class);
        assertThat(result).isEqualTo("released with after kill");
      } finally {
        workers.shutdownNow();
        workers.awaitTermination(10, TimeUnit.SECONDS);
        stubs.shutdownNow();
      }
    }
    // and closing it stops it for good: no restart, no pid file
    assertThat(dir.resolve("temporal.pid")).doesNotExist();
  }

  @Test
  void startStopsALeftoverDevServerOfTheSameDatabaseFile() throws Exception {
    Path cli = TemporalDevServerExtension.assumeCli();
    Path db = dir.resolve("temporal.db");
    // given a dev server on this file whose owner is gone (it is not stopped on JVM exit either)
    TemporalDevServer leftover =
        TemporalDevServer.builder(cli).dbFile(db).headless().stopOnJvmExit(false).start();
    long leftoverPid = leftover.pid();

    // when a new one starts on the same file, allowed to stop leftovers
    try (TemporalDevServer fresh =
        TemporalDevServer.builder(cli).dbFile(db).headless().stopLeftovers(true).start()) {
      // then the leftover is gone and the new one answers
      assertThat(ProcessHandle.of(leftoverPid).filter(ProcessHandle::isAlive)).isEmpty();
      assertThat(fresh.reachable()).isTrue();
      List<ProcessHandle> onThisFile =
          OrphanProcesses.find(line -> line.contains("start-dev") && line.contains(db.toString()));
      assertThat(onThisFile).extracting(ProcessHandle::pid).containsExactly(fresh.pid());
    } finally {
      leftover.close();
    }
  }

  private static void await(BooleanSupplier condition, Duration timeout)
      throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("condition not met within " + timeout);
      }
      Thread.sleep(200);
    }
  }
}
