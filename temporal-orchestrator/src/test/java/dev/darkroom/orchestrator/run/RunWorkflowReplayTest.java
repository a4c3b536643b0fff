package dev.darkroom.orchestrator.run;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.darkroom.core.run.RunStatus;
import dev.darkroom.orchestrator.temporal.TemporalDevServerExtension;
import io.temporal.api.history.v1.HistoryEvent;
import io.temporal.client.WorkflowClient;
import io.temporal.common.WorkflowExecutionHistory;
import io.temporal.testing.WorkflowReplayer;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Guards {@link RunWorkflowImpl}'s determinism. The stored histories were recorded from a run on
 * the dev server (pause, resume, a retried partition, continue-as-new; see {@link
 * #replaysAFreshRunWithPauseRetryAndContinueAsNew}): a change that would break workflows already
 * running fails here. Re-record them, with a workflow versioning decision, only for a deliberate
 * incompatible change.
 */
class RunWorkflowReplayTest {

  /** Set to a directory to write the fresh run's histories there (to refresh the stored ones). */
  static final String RECORD_PROPERTY = "darkroom.replay.record-dir";

  /** Version 1 (partition-failure-budget 1): runs started before the history budget. */
  private static final String PAUSED_THEN_CONTINUED = "run-workflow-paused-then-continued.json";

  private static final String CONTINUED_TO_FINISH = "run-workflow-continued-to-finish.json";

  /** Version 2: status changes as local activities, the history budget in events. */
  private static final String V2_PAUSED_THEN_CONTINUED =
      "run-workflow-v2-paused-then-continued.json";

  private static final String V2_CONTINUED_TO_FINISH = "run-workflow-v2-continued-to-finish.json";

  /** Version 3: the pipeline's aggregate steps after the partitions (one retried here). */
  private static final String V3_AGGREGATE_STEP = "run-workflow-v3-aggregate-step.json";

  @ParameterizedTest
  @ValueSource(
      strings = {
        PAUSED_THEN_CONTINUED,
        CONTINUED_TO_FINISH,
        V2_PAUSED_THEN_CONTINUED,
        V2_CONTINUED_TO_FINISH,
        V3_AGGREGATE_STEP
      })
  void replaysTheStoredHistory(String resource) throws Exception {
    WorkflowReplayer.replayWorkflowExecution(read(resource), RunWorkflowImpl.class);
  }

  @Test
  void replaysAFreshRunWithPauseRetryAndContinueAsNew() throws Exception {
    WorkflowClient client = TemporalDevServerExtension.client();
    List<WorkflowExecutionHistory> executions;
    try (RunWorkflowHarness harness =
        new RunWorkflowHarness(
            client, 6, new FakeWorkerLauncher(2).holdJobs().failFirstLaunchOf(3))) {
      // given a run that is paused and resumed, spends its budget of 4 partition executions on
      // partitions 0 and 1 (twice each), continues as new, and retries partition 3 once
      long runId = harness.start(2, 4);
      await().atMost(Duration.ofSeconds(30)).until(() -> harness.launcher.runningNow() == 2);
      harness.pause(runId);
      await()
          .atMost(Duration.ofSeconds(30))
          .until(() -> harness.statuses.transitions().contains(RunStatus.PAUSED));
      harness.resume(runId);
      await().atMost(Duration.ofSeconds(30)).until(() -> harness.launcher.launches().size() == 4);
      harness.launcher.release();
      assertThat(harness.result(runId).status()).isEqualTo(RunStatus.COMPLETED);
      assertThat(harness.launcher.launchesOf(3)).isEqualTo(2);
      executions = executions(client, RunWorkflowHarness.workflowId(runId));
    }
    assertThat(executions).hasSize(2);

    // when replayed, then no non-determinism
    for (WorkflowExecutionHistory history : executions) {
      WorkflowReplayer.replayWorkflowExecution(history, RunWorkflowImpl.class);
    }
    record(executions);
  }

  @Test
  void replaysAFreshRunWithARetriedAggregateStep() throws Exception {
    WorkflowClient client = TemporalDevServerExtension.client();
    WorkflowExecutionHistory history;
    try (RunWorkflowHarness harness =
        new RunWorkflowHarness(client, 3, new FakeWorkerLauncher(2))) {
      harness.aggregates.failFirst(1);
      // given a run of a pipeline that ends with an aggregate step, which fails once
      long runId =
          harness.start(
              RunWorkflowHarness.input(RunWorkflowHarness.nextRunId(), 2, 500)
                  .withAggregateSteps(List.of("near-duplicates")));
      // when it runs to its end
      assertThat(harness.result(runId).status()).isEqualTo(RunStatus.COMPLETED);
      // then the step ran after all three partitions, before finish, and was retried once
      assertThat(harness.aggregates.calls())
          .hasSize(2)
          .allSatisfy(
              call -> {
                assertThat(call.step()).isEqualTo("near-duplicates");
                assertThat(call.launchesBefore()).isEqualTo(3);
                assertThat(call.finishesBefore()).isZero();
              });
      assertThat(harness.finishing.calls()).containsExactly(false);
      history = harness.history(runId);
    }
    WorkflowReplayer.replayWorkflowExecution(history, RunWorkflowImpl.class);
    String dir = System.getProperty(RECORD_PROPERTY);
    if (dir != null) {
      Files.writeString(Path.of(dir, V3_AGGREGATE_STEP), history.toJson(true));
    }
  }

  @Test
  void aRunWithoutAggregateStepsCallsNone() throws Exception {
    WorkflowClient client = TemporalDevServerExtension.client();
    try (RunWorkflowHarness harness =
        new RunWorkflowHarness(client, 2, new FakeWorkerLauncher(2))) {
      long runId = harness.start(2, 500);
      assertThat(harness.result(runId).status()).isEqualTo(RunStatus.COMPLETED);
      assertThat(harness.aggregates.calls()).isEmpty();
    }
  }

  /** The run's executions, first to last. */
  private static List<WorkflowExecutionHistory> executions(WorkflowClient client, String id) {
    List<WorkflowExecutionHistory> executions = new ArrayList<>();
    WorkflowExecutionHistory history = client.fetchHistory(id);
    executions.add(0, history);
    String previous = continuedFrom(history);
    while (!previous.isEmpty()) {
      history = client.fetchHistory(id, previous);
      executions.add(0, history);
      previous = continuedFrom(history);
    }
    return executions;
  }

  private static String continuedFrom(WorkflowExecutionHistory history) {
    HistoryEvent started = history.getEvents().get(0);
    return started.getWorkflowExecutionStartedEventAttributes().getContinuedExecutionRunId();
  }

  private static void record(List<WorkflowExecutionHistory> executions) throws IOException {
    String dir = System.getProperty(RECORD_PROPERTY);
    if (dir == null) {
      return;
    }
    // Histories of older versions stay as they were recorded: they guard runs still in flight.
    Files.writeString(Path.of(dir, V2_PAUSED_THEN_CONTINUED), executions.get(0).toJson(true));
    Files.writeString(Path.of(dir, V2_CONTINUED_TO_FINISH), executions.get(1).toJson(true));
  }

  private static String read(String resource) {
    try (InputStream in = RunWorkflowReplayTest.class.getResourceAsStream(resource)) {
      assertThat(in).as(resource).isNotNull();
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
