package dev.darkroom.orchestrator.run;

import static org.assertj.core.api.Assertions.assertThat;

import dev.darkroom.core.run.PartitionSizing;
import dev.darkroom.core.run.RunStatus;
import dev.darkroom.orchestrator.temporal.TemporalDevServerExtension;
import io.temporal.api.enums.v1.EventType;
import io.temporal.api.history.v1.HistoryEvent;
import io.temporal.client.WorkflowClient;
import io.temporal.common.WorkflowExecutionHistory;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Issue 10's history budget, measured on the real Temporal dev server: a run of 100,000 assets
 * writes at most 300 history events in all, and no execution of a run of 10,000,000 assets writes
 * more than 2,000. The partition counts are the product's ({@link PartitionSizing} with the default
 * partition sizes, on two slots as on this two-core machine); the jobs are fakes that end at their
 * first progress read, so only the orchestration is measured. The partitions execute one at a time:
 * the worst case, where no two partitions end in the same workflow task (two fakes launched
 * together end together and share one, which real partitions rarely do). Events are read back from
 * the server for every execution of the run, continued ones included.
 */
@ExtendWith(TemporalDevServerExtension.class)
class RunWorkflowHistoryBudgetTest {

  private static final PartitionSizing PRODUCT = PartitionSizing.adaptive(2000, 20);
  private static final int SLOTS = 2;

  /** One partition at a time: every partition's end is a workflow task of its own. */
  private static final int AT_ONCE = 1;

  private static final System.Logger LOG =
      System.getLogger(RunWorkflowHistoryBudgetTest.class.getName());

  @Test
  void aRunOfOneHundredThousandAssetsWritesAtMostThreeHundredEvents(WorkflowClient client) {
    int partitions = PRODUCT.partitions(100_000, SLOTS);
    assertThat(partitions).isEqualTo(32);
    try (RunWorkflowHarness harness =
        new RunWorkflowHarness(client, partitions, new FakeWorkerLauncher(1))) {
      // given the product's partitions of a 100,000-asset run
      long runId = harness.start(AT_ONCE, RunInput.DEFAULT_PARTITIONS_PER_EXECUTION);

      // when it runs to the end
      assertThat(harness.result(runId).status()).isEqualTo(RunStatus.COMPLETED);

      // then
      List<Integer> events = eventsPerExecution(client, runId);
      LOG.log(
          System.Logger.Level.INFO,
          "100,000 assets, {0} partitions: history events per execution {1}",
          partitions,
          events);
      assertThat(events.stream().mapToInt(Integer::intValue).sum()).isLessThanOrEqualTo(300);
      assertThat(harness.launcher.launches())
          .containsExactlyInAnyOrderElementsOf(IntStream.range(0, partitions).boxed().toList());
    }
  }

  @Test
  void noExecutionOfARunOfTenMillionAssetsWritesMoreThanTwoThousandEvents(WorkflowClient client) {
    int partitions = PRODUCT.partitions(10_000_000, SLOTS);
    assertThat(partitions).isEqualTo(318);
    try (RunWorkflowHarness harness =
        new RunWorkflowHarness(client, partitions, new FakeWorkerLauncher(1))) {
      // given the product's partitions of a 10,000,000-asset run
      long runId = harness.start(AT_ONCE, RunInput.DEFAULT_PARTITIONS_PER_EXECUTION);

      // when it runs to the end
      assertThat(harness.result(runId).status()).isEqualTo(RunStatus.COMPLETED);

      // then it continued as new before an execution's history grew past the budget
      List<Integer> events = eventsPerExecution(client, runId);
      LOG.log(
          System.Logger.Level.INFO,
          "10,000,000 assets, {0} partitions: history events per execution {1}",
          partitions,
          events);
      assertThat(events).hasSizeGreaterThan(1).allSatisfy(e -> assertThat(e).isLessThan(2000));
      assertThat(harness.launcher.launches())
          .containsExactlyInAnyOrderElementsOf(IntStream.range(0, partitions).boxed().toList());
      assertThat(harness.planning.calls()).isEqualTo(1);
      assertThat(harness.progress(runId))
          .isEqualTo(new RunProgress(partitions, partitions, 0, partitions, 0, false));
    }
  }

  /** Events of each execution of the run, first to last, following continue-as-new back. */
  static List<Integer> eventsPerExecution(WorkflowClient client, long runId) {
    String workflowId = RunWorkflowHarness.workflowId(runId);
    List<Integer> events = new ArrayList<>();
    WorkflowExecutionHistory history = client.fetchHistory(workflowId);
    List<HistoryEvent> last = history.getEvents();
    assertThat(last.get(last.size() - 1).getEventType())
        .isEqualTo(EventType.EVENT_TYPE_WORKFLOW_EXECUTION_COMPLETED);
    while (true) {
      events.add(0, history.getEvents().size());
      String previous =
          history
              .getEvents()
              .get(0)
              .getWorkflowExecutionStartedEventAttributes()
              .getContinuedExecutionRunId();
      if (previous.isEmpty()) {
        return events;
      }
      history = client.fetchHistory(workflowId, previous);
    }
  }
}
