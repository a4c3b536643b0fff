package dev.darkroom.orchestrator.run;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.darkroom.core.run.RunOutcome;
import dev.darkroom.core.run.RunStatus;
import dev.darkroom.orchestrator.temporal.TemporalDevServerExtension;
import io.temporal.api.enums.v1.EventType;
import io.temporal.api.history.v1.HistoryEvent;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowFailedException;
import io.temporal.common.WorkflowExecutionHistory;
import io.temporal.failure.CanceledFailure;
import java.time.Duration;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The workflow's orchestration against the real Temporal dev server, over in-memory fakes of the
 * run ports.
 */
@ExtendWith(TemporalDevServerExtension.class)
class RunWorkflowTest {

  private static final Duration WAIT = Duration.ofSeconds(30);

  @Test
  void executesEveryPartitionOnceWithNeverMoreThanTheBoundAtOnce(WorkflowClient client) {
    try (RunWorkflowHarness harness =
        new RunWorkflowHarness(client, 10, new FakeWorkerLauncher(3))) {
      // given a run of 10 partitions, at most 3 at once
      long runId = harness.start(3, RunInput.DEFAULT_PARTITIONS_PER_EXECUTION);

      // when it runs to the end
      RunOutcome outcome = harness.result(runId);

      // then
      assertThat(outcome.status()).isEqualTo(RunStatus.COMPLETED);
      assertThat(harness.launcher.launches())
          .containsExactlyInAnyOrderElementsOf(IntStream.range(0, 10).boxed().toList());
      assertThat(harness.launcher.mostRunning()).isEqualTo(3);
      assertThat(harness.planning.calls()).isEqualTo(1);
      assertThat(harness.statuses.transitions()).containsExactly(RunStatus.RUNNING);
      assertThat(harness.finishing.calls()).containsExactly(false);
      assertThat(harness.progress(runId)).isEqualTo(new RunProgress(10, 10, 0, 10, 0, false));
    }
  }

  @Test
  void partitionWhoseJobFailedIsRetriedAndRelaunched(WorkflowClient client) {
    try (RunWorkflowHarness harness =
        new RunWorkflowHarness(client, 4, new FakeWorkerLauncher(2).failFirstLaunchOf(2))) {
      // given partition 2's first job fails
      long runId = harness.start(2, RunInput.DEFAULT_PARTITIONS_PER_EXECUTION);

      // when
      RunOutcome outcome = harness.result(runId);

      // then Temporal retried the activity, which launched the job again
      assertThat(outcome.status()).isEqualTo(RunStatus.COMPLETED);
      assertThat(harness.launcher.launchesOf(2)).isEqualTo(2);
      assertThat(harness.launcher.launches()).hasSize(5);
      assertThat(harness.progress(runId)).isEqualTo(new RunProgress(4, 4, 0, 4, 0, false));
    }
  }

  @Test
  void partitionFailingForAReasonOtherThanAnOutageIsRelaunchedAFewTimesThenCountedFailed(
      WorkflowClient client) {
    try (RunWorkflowHarness harness =
        new RunWorkflowHarness(
            client,
            3,
            new FakeWorkerLauncher(2)
                .failLaunchesOf(1, 100, "pinned tool thumbnail version 1 is not this worker's"))) {
      // given partition 1's job fails on every launch for a reason a person must fix
      long runId = harness.start(2, RunInput.DEFAULT_PARTITIONS_PER_EXECUTION);

      // when
      RunOutcome outcome = harness.result(runId);

      // then it was launched PARTITION_TRIES times (new job instances), then counted failed
      assertThat(outcome).isNotNull();
      assertThat(harness.launcher.launchesOf(1)).isEqualTo(RunWorkflowImpl.PARTITION_TRIES);
      assertThat(harness.launcher.launchesOf(0)).isEqualTo(1);
      assertThat(harness.launcher.launchesOf(2)).isEqualTo(1);
      assertThat(harness.progress(runId)).isEqualTo(new RunProgress(3, 3, 0, 2, 1, false));
    }
  }

  @Test
  void pauseStopsRunningPartitionsAndLaunchesNoMoreUntilResumeRelaunchesThem(WorkflowClient client)
      throws InterruptedException {
    try (RunWorkflowHarness harness =
        new RunWorkflowHarness(client, 5, new FakeWorkerLauncher(2).holdJobs())) {
      // given a run with partitions 0 and 1 executing
      long runId = harness.start(2, RunInput.DEFAULT_PARTITIONS_PER_EXECUTION);
      await().atMost(WAIT).until(() -> harness.launcher.runningNow() == 2);

      // when paused
      harness.pause(runId);

      // then both jobs were stopped, the run is PAUSED and nothing else starts
      await().atMost(WAIT).until(() -> harness.statuses.transitions().contains(RunStatus.PAUSED));
      assertThat(harness.launcher.stops()).containsExactlyInAnyOrder(0, 1);
      assertThat(harness.launcher.runningNow()).isZero();
      assertThat(harness.progress(runId)).isEqualTo(new RunProgress(5, 2, 0, 0, 0, true));
      Thread.sleep(500);
      assertThat(harness.launcher.launches()).containsExactlyInAnyOrder(0, 1);

      // when resumed
      harness.resume(runId);
      await().atMost(WAIT).until(() -> harness.launcher.launches().size() == 4);
      harness.launcher.release();
      RunOutcome outcome = harness.result(runId);

      // then the stopped partitions were relaunched first, and every partition completed
      assertThat(harness.launcher.launches().subList(2, 4)).containsExactlyInAnyOrder(0, 1);
      assertThat(harness.launcher.launches()).hasSize(7);
      assertThat(outcome.status()).isEqualTo(RunStatus.COMPLETED);
      assertThat(harness.statuses.transitions())
          .containsExactly(RunStatus.RUNNING, RunStatus.PAUSED, RunStatus.RUNNING);
      assertThat(harness.finishing.calls()).containsExactly(false);
    }
  }

  @Test
  void aRunStartedPausedPlansAndLaunchesNothingUntilItIsResumed(WorkflowClient client)
      throws InterruptedException {
    try (RunWorkflowHarness harness =
        new RunWorkflowHarness(client, 3, new FakeWorkerLauncher(2))) {
      // given a run whose workflow is started paused (reconciliation of a PAUSED run)
      long runId =
          harness.start(
              RunWorkflowHarness.input(
                      RunWorkflowHarness.nextRunId(), 2, RunInput.DEFAULT_PARTITIONS_PER_EXECUTION)
                  .withStartPaused(true));

      // then it waits: no planning, no launch, no status change
      await().atMost(WAIT).ignoreExceptions().until(() -> harness.progress(runId).paused());
      Thread.sleep(500);
      assertThat(harness.planning.calls()).isZero();
      assertThat(harness.launcher.launches()).isEmpty();
      assertThat(harness.statuses.transitions()).isEmpty();
      assertThat(harness.progress(runId)).isEqualTo(new RunProgress(0, 0, 0, 0, 0, true));

      // when resumed, then it plans, marks the run RUNNING and runs every partition
      harness.resume(runId);
      RunOutcome outcome = harness.result(runId);
      assertThat(outcome.status()).isEqualTo(RunStatus.COMPLETED);
      assertThat(harness.planning.calls()).isEqualTo(1);
      assertThat(harness.statuses.transitions()).containsExactly(RunStatus.RUNNING);
      assertThat(harness.launcher.launches()).containsExactlyInAnyOrder(0, 1, 2);
    }
  }

  @Test
  void aRunStartedPausedCanBeCancelledBeforeItIsResumed(WorkflowClient client) {
    try (RunWorkflowHarness harness =
        new RunWorkflowHarness(client, 3, new FakeWorkerLauncher(2))) {
      long runId =
          harness.start(
              RunWorkflowHarness.input(
                      RunWorkflowHarness.nextRunId(), 2, RunInput.DEFAULT_PARTITIONS_PER_EXECUTION)
                  .withStartPaused(true));
      await().atMost(WAIT).ignoreExceptions().until(() -> harness.progress(runId).paused());

      harness.cancel(runId);

      assertThatThrownBy(() -> harness.result(runId))
          .isInstanceOf(WorkflowFailedException.class)
          .hasCauseInstanceOf(CanceledFailure.class);
      assertThat(harness.launcher.launches()).isEmpty();
      assertThat(harness.planning.calls()).isZero();
      assertThat(harness.finishing.calls()).containsExactly(true);
    }
  }

  @Test
  void cancelStopsRunningPartitionsAndFinishesTheRunCancelled(WorkflowClient client) {
    try (RunWorkflowHarness harness =
        new RunWorkflowHarness(client, 5, new FakeWorkerLauncher(2).holdJobs())) {
      // given a run with partitions 0 and 1 executing
      long runId = harness.start(2, RunInput.DEFAULT_PARTITIONS_PER_EXECUTION);
      await().atMost(WAIT).until(() -> harness.launcher.runningNow() == 2);

      // when cancelled
      harness.cancel(runId);

      // then the workflow ends cancelled after the jobs stopped and the run was finished so
      assertThatThrownBy(() -> harness.result(runId))
          .isInstanceOf(WorkflowFailedException.class)
          .hasCauseInstanceOf(CanceledFailure.class);
      assertThat(harness.launcher.stops()).containsExactlyInAnyOrder(0, 1);
      assertThat(harness.launcher.runningNow()).isZero();
      assertThat(harness.launcher.launches()).containsExactlyInAnyOrder(0, 1);
      assertThat(harness.finishing.calls()).containsExactly(true);
    }
  }

  @Test
  void cancelWhilePausedFinishesTheRunCancelled(WorkflowClient client) {
    try (RunWorkflowHarness harness =
        new RunWorkflowHarness(client, 3, new FakeWorkerLauncher(2).holdJobs())) {
      long runId = harness.start(1, RunInput.DEFAULT_PARTITIONS_PER_EXECUTION);
      await().atMost(WAIT).until(() -> harness.launcher.runningNow() == 1);
      harness.pause(runId);
      await().atMost(WAIT).until(() -> harness.statuses.transitions().contains(RunStatus.PAUSED));

      harness.cancel(runId);

      assertThatThrownBy(() -> harness.result(runId))
          .isInstanceOf(WorkflowFailedException.class)
          .hasCauseInstanceOf(CanceledFailure.class);
      assertThat(harness.launcher.launches()).containsExactly(0);
      assertThat(harness.finishing.calls()).containsExactly(true);
    }
  }

  @Test
  void runWithoutPartitionsIsFinishedWithoutLaunchingAnything(WorkflowClient client) {
    try (RunWorkflowHarness harness =
        new RunWorkflowHarness(client, 0, new FakeWorkerLauncher(1))) {
      // given a run whose collection is empty
      long runId = harness.start(2, RunInput.DEFAULT_PARTITIONS_PER_EXECUTION);

      // when, then
      assertThat(harness.result(runId).status()).isEqualTo(RunStatus.COMPLETED);
      assertThat(harness.launcher.launches()).isEmpty();
      assertThat(harness.finishing.calls()).containsExactly(false);
    }
  }

  @Test
  void startingARunAgainWhileItRunsChangesNothingAndAfterItCompletedIsRefused(
      WorkflowClient client) {
    try (RunWorkflowHarness harness =
        new RunWorkflowHarness(client, 2, new FakeWorkerLauncher(2).holdJobs())) {
      // given a running run
      long runId = harness.start(2, RunInput.DEFAULT_PARTITIONS_PER_EXECUTION);
      await().atMost(WAIT).until(() -> harness.launcher.runningNow() == 2);

      // when started again, then the same workflow goes on
      String workflowId = RunWorkflowHarness.workflowId(runId);
      assertThat(harness.runs.start(workflowId, RunWorkflowHarness.input(runId, 2, 500)))
          .isEqualTo(workflowId);
      harness.launcher.release();
      assertThat(harness.result(runId).status()).isEqualTo(RunStatus.COMPLETED);
      assertThat(harness.planning.calls()).isEqualTo(1);

      // when started once it completed, then refused
      assertThatThrownBy(() -> harness.start(RunWorkflowHarness.input(runId, 2, 500)))
          .isInstanceOf(RunAlreadyCompletedException.class)
          .hasMessageContaining("Run " + runId + " has already completed");
    }
  }

  @Test
  void historyOfFiftyPartitionsStaysUnderFiveHundredEvents(WorkflowClient client) {
    try (RunWorkflowHarness harness =
        new RunWorkflowHarness(client, 50, new FakeWorkerLauncher(1))) {
      // given 100,000 units at partition size 2000: 50 partitions
      long runId = harness.start(4, RunInput.DEFAULT_PARTITIONS_PER_EXECUTION);

      // when
      harness.result(runId);

      // then
      WorkflowExecutionHistory history = harness.history(runId);
      System.getLogger(RunWorkflowTest.class.getName())
          .log(
              System.Logger.Level.INFO,
              "50 partitions: {0} history events",
              history.getEvents().size());
      assertThat(history.getEvents()).hasSizeLessThan(500);
      assertThat(harness.launcher.launches()).hasSize(50);
    }
  }

  @Test
  void continuesAsNewWhenTheExecutionsPartitionBudgetIsSpent(WorkflowClient client) {
    try (RunWorkflowHarness harness =
        new RunWorkflowHarness(client, 10, new FakeWorkerLauncher(2))) {
      // given a budget of 3 partition executions per workflow execution
      long runId = harness.start(2, 3);

      // when
      RunOutcome outcome = harness.result(runId);

      // then 4 executions ran the 10 partitions once each, planning only once
      assertThat(outcome.status()).isEqualTo(RunStatus.COMPLETED);
      assertThat(harness.launcher.launches())
          .containsExactlyInAnyOrderElementsOf(IntStream.range(0, 10).boxed().toList());
      assertThat(harness.planning.calls()).isEqualTo(1);
      assertThat(executions(client, runId)).isEqualTo(4);
      assertThat(harness.progress(runId)).isEqualTo(new RunProgress(10, 10, 0, 10, 0, false));
    }
  }

  /** Follows the chain of continued-as-new executions back from the latest one. */
  private static int executions(WorkflowClient client, long runId) {
    String workflowId = RunWorkflowHarness.workflowId(runId);
    WorkflowExecutionHistory latest = client.fetchHistory(workflowId);
    List<HistoryEvent> events = latest.getEvents();
    assertThat(events.get(events.size() - 1).getEventType())
        .isEqualTo(EventType.EVENT_TYPE_WORKFLOW_EXECUTION_COMPLETED);
    int count = 1;
    String previous =
        events.get(0).getWorkflowExecutionStartedEventAttributes().getContinuedExecutionRunId();
    while (!previous.isEmpty()) {
      List<HistoryEvent> earlier = client.fetchHistory(workflowId, previous).getEvents();
      assertThat(earlier.get(earlier.size() - 1).getEventType())
          .isEqualTo(EventType.EVENT_TYPE_WORKFLOW_EXECUTION_CONTINUED_AS_NEW);
      previous =
          earlier.get(0).getWorkflowExecutionStartedEventAttributes().getContinuedExecutionRunId();
      count++;
    }
    return count;
  }
}
