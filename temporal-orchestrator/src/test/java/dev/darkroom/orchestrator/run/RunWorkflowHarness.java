package dev.darkroom.orchestrator.run;

import dev.darkroom.core.run.RunOutcome;
import io.temporal.client.WorkflowClient;
import io.temporal.common.WorkflowExecutionHistory;
import io.temporal.worker.WorkerFactory;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A run worker on a task queue of its own, over the fakes, with a fast progress poll; starts runs
 * through {@link RunLauncherService} as the application does.
 */
final class RunWorkflowHarness implements AutoCloseable {

  private static final AtomicLong RUN_IDS = new AtomicLong(1000);
  static final Duration POLL_INTERVAL = Duration.ofMillis(50);

  /**
   * How long a test waits for a run to end: a wait, not a speed assertion. A 2-core machine at load
   * ~27 once took over 60 s for RunWorkflowHistoryBudgetTest's run.
   */
  static final Duration RESULT_WAIT = Duration.ofMinutes(3);

  /** Workflow ids as the application makes them, for a fixed test installation. */
  static final RunWorkflowIds IDS = new RunWorkflowIds(() -> "0123456789ab");

  final FakeRunPlanning planning;
  final FakeWorkerLauncher launcher;
  final FakeRunFinishing finishing = new FakeRunFinishing();
  final FakeRunStatusUpdates statuses = new FakeRunStatusUpdates();
  final FakeAggregateSteps aggregates;
  final RunLauncherService runs;
  private final WorkflowClient client;
  private final WorkerFactory factory;

  RunWorkflowHarness(WorkflowClient client, int partitions, FakeWorkerLauncher launcher) {
    this.client = client;
    this.planning = new FakeRunPlanning(partitions);
    this.launcher = launcher;
    String taskQueue = "run-workflow-test-" + UUID.randomUUID();
    factory = WorkerFactory.newInstance(client);
    this.aggregates = new FakeAggregateSteps(launcher, finishing);
    RunWorkerRegistration.register(
            factory,
            taskQueue,
            new RunActivitiesImpl(planning, launcher, finishing, statuses, POLL_INTERVAL))
        .registerActivitiesImplementations(new AggregateActivitiesImpl(aggregates, POLL_INTERVAL));
    factory.start();
    runs = new RunLauncherService(client, taskQueue);
  }

  static long nextRunId() {
    return RUN_IDS.incrementAndGet();
  }

  static String workflowId(long runId) {
    return IDS.forRun(runId);
  }

  /** Starts a new run of {@code images-basic} and returns its id. */
  long start(int maxConcurrentPartitions, int partitionsPerExecution) {
    return start(input(nextRunId(), maxConcurrentPartitions, partitionsPerExecution));
  }

  /** Starts the run's workflow and returns the run id. */
  long start(RunInput input) {
    runs.start(workflowId(input.runId()), input);
    return input.runId();
  }

  static RunInput input(long runId, int maxConcurrentPartitions, int partitionsPerExecution) {
    return new RunInput(
        runId,
        "images-basic",
        "1",
        maxConcurrentPartitions,
        Map.of("darkroom.archive.roots", "/archive"),
        partitionsPerExecution,
        null,
        false,
        null);
  }

  void pause(long runId) {
    runs.pause(workflowId(runId));
  }

  void resume(long runId) {
    runs.resume(workflowId(runId));
  }

  void cancel(long runId) {
    runs.cancel(workflowId(runId));
  }

  RunProgress progress(long runId) {
    return runs.progress(workflowId(runId));
  }

  RunOutcome result(long runId) {
    try {
      return client
          .newUntypedWorkflowStub(workflowId(runId))
          .getResult(RESULT_WAIT.toSeconds(), TimeUnit.SECONDS, RunOutcome.class);
    } catch (TimeoutException e) {
      throw new AssertionError("run " + runId + " did not end within " + RESULT_WAIT, e);
    }
  }

  /** The history of the run's latest execution. */
  WorkflowExecutionHistory history(long runId) {
    return client.fetchHistory(workflowId(runId));
  }

  @Override
  public void close() {
    factory.shutdownNow();
    factory.awaitTermination(10, TimeUnit.SECONDS);
  }
}
