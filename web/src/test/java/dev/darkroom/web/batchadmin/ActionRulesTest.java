package dev.darkroom.web.batchadmin;

import static org.assertj.core.api.Assertions.assertThat;

import dev.darkroom.core.catalog.ScanStatus;
import dev.darkroom.core.run.RunStatus;
import dev.darkroom.web.batchadmin.ExecutionActions.Availability;
import java.time.Instant;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.springframework.batch.core.BatchStatus;

/** Which action each execution state allows, and what the refusals tell the operator. */
class ActionRulesTest {

  static final long ID = 12;
  static final long INSTANCE = 3;

  @ParameterizedTest
  @EnumSource(
      value = BatchStatus.class,
      names = {"STARTING", "STARTED"})
  void runningExecutionCanBeStoppedButNotRestartedOrAbandoned(BatchStatus status) {
    ExecutionActions actions = ActionRules.actions(facts(other(status), ID, true));

    assertThat(actions.stop().possible()).isTrue();
    assertThat(actions.restart().possible()).isFalse();
    assertThat(actions.restart().reason()).contains("only a FAILED or STOPPED execution");
    assertThat(actions.abandon().possible()).isFalse();
    assertThat(actions.abandon().reason()).contains("stop it and wait until it is STOPPED");
  }

  @Test
  void stoppingExecutionIsAlreadyOnItsWay() {
    Availability stop = ActionRules.stop(facts(other(BatchStatus.STOPPING), ID, true));

    assertThat(stop.possible()).isFalse();
    assertThat(stop.reason()).contains("already been asked to stop");
  }

  @ParameterizedTest
  @EnumSource(
      value = BatchStatus.class,
      names = {"FAILED", "STOPPED"})
  void failedOrStoppedRegisteredJobCanBeRestartedAndAbandoned(BatchStatus status) {
    ExecutionActions actions = ActionRules.actions(facts(other(status), ID, true));

    assertThat(actions.stop().possible()).isFalse();
    assertThat(actions.restart().possible()).isTrue();
    assertThat(actions.abandon().possible()).isTrue();
  }

  @Test
  void completedExecutionAllowsNothing() {
    ExecutionActions actions = ActionRules.actions(facts(other(BatchStatus.COMPLETED), ID, true));

    assertThat(actions.stop().possible()).isFalse();
    assertThat(actions.restart().possible()).isFalse();
    assertThat(actions.abandon().possible()).isFalse();
    assertThat(actions.abandon().reason()).contains("nothing to abandon");
  }

  @Test
  void stoppedExecutionWhoseStepStillRunsIsNotRestartedUntilTheStepHasEnded() {
    ActionRules.Facts windingDown =
        new ActionRules.Facts(other(BatchStatus.STOPPED), ID, true, "slow-items", true, null, null);

    ExecutionActions actions = ActionRules.actions(windingDown);

    assertThat(actions.stop().possible()).isFalse();
    assertThat(actions.stop().reason()).contains("already been asked to stop");
    assertThat(actions.restart().possible()).isFalse();
    assertThat(actions.restart().reason())
        .contains("step 'slow-items' is still running")
        .contains("would run the instance twice");
    assertThat(actions.abandon().possible())
        .as("abandoning is the way out when the step's process is gone")
        .isTrue();
  }

  @Test
  void stoppedRegisteredJobThatHasNotEndedIsNotRestartedEvenWhenItsStepReadsStopped() {
    ActionRules.Facts stopAskedHere =
        new ActionRules.Facts(other(BatchStatus.STOPPED), ID, true, null, true, null, null);

    Availability restart = ActionRules.restart(stopAskedHere);

    assertThat(restart.possible()).isFalse();
    assertThat(restart.reason()).contains("its job has not ended yet");
  }

  @Test
  void unknownStatusCanBeAbandonedButNotRestarted() {
    ExecutionActions actions = ActionRules.actions(facts(other(BatchStatus.UNKNOWN), ID, true));

    assertThat(actions.abandon().possible()).isTrue();
    assertThat(actions.restart().possible()).isFalse();
  }

  @Test
  void onlyTheNewestExecutionOfAnInstanceCanBeRestarted() {
    Availability restart = ActionRules.restart(facts(other(BatchStatus.FAILED), 40, true));

    assertThat(restart.possible()).isFalse();
    assertThat(restart.reason()).contains("not the newest of job instance 3 (execution 40 is)");
  }

  @Test
  void unregisteredJobCannotBeRebuiltHere() {
    Availability restart = ActionRules.restart(facts(other(BatchStatus.FAILED), ID, false));

    assertThat(restart.possible()).isFalse();
    assertThat(restart.reason()).contains("'other' is not registered");
  }

  @Test
  void runPartitionIsNeverRestartedHereAndTheReasonFollowsTheRun() {
    JobExecutionSummary failed = partition(BatchStatus.FAILED);

    Availability going = ActionRules.restart(runFacts(failed, RunStatus.RUNNING));
    Availability paused = ActionRules.restart(runFacts(failed, RunStatus.PAUSED));
    Availability ended = ActionRules.restart(runFacts(failed, RunStatus.COMPLETED_WITH_FAILURES));
    Availability gone = ActionRules.restart(runFacts(failed, null));

    assertThat(going.possible()).isFalse();
    assertThat(going.reason())
        .contains("partition 2 of run 7")
        .contains("Temporal workflow restarts a failed or stopped partition")
        .contains("/runs/7");
    assertThat(paused.possible()).isFalse();
    assertThat(paused.reason()).contains("resume the run (/runs/7)");
    assertThat(ended.possible()).isFalse();
    assertThat(ended.reason())
        .contains("has ended (COMPLETED_WITH_FAILURES)")
        .contains("Rerun its failed units from /runs/7");
    assertThat(gone.possible()).isFalse();
    assertThat(gone.reason()).contains("no longer exists");
  }

  @Test
  void runPartitionIsAbandonedOnlyOnceItsRunHasEnded() {
    JobExecutionSummary stopped = partition(BatchStatus.STOPPED);

    Availability going = ActionRules.abandon(runFacts(stopped, RunStatus.RUNNING));
    Availability ended = ActionRules.abandon(runFacts(stopped, RunStatus.CANCELLED));

    assertThat(going.possible()).isFalse();
    assertThat(going.reason()).contains("every retry would fail").contains("Cancel run 7 first");
    assertThat(ended.possible()).isTrue();
  }

  @Test
  void stoppingARunPartitionWarnsThatTheWorkflowRestartsIt() {
    Availability stop =
        ActionRules.stop(runFacts(partition(BatchStatus.STARTED), RunStatus.RUNNING));

    assertThat(stop.possible()).isTrue();
    assertThat(stop.reason())
        .contains("workflow then restarts the partition")
        .contains("pause or cancel run 7");
  }

  @Test
  void scanIsNeverRestartedHereAndNotAbandonedWhileTheNextScanWouldResumeIt() {
    JobExecutionSummary failed = scan(BatchStatus.FAILED);

    Availability restartFailedScan =
        ActionRules.restart(
            new ActionRules.Facts(failed, ID, false, null, false, null, ScanStatus.FAILED));
    Availability abandonResumable =
        ActionRules.abandon(
            new ActionRules.Facts(failed, ID, false, null, false, null, ScanStatus.RUNNING));
    Availability abandonFailed =
        ActionRules.abandon(
            new ActionRules.Facts(failed, ID, false, null, false, null, ScanStatus.FAILED));

    assertThat(restartFailedScan.possible()).isFalse();
    assertThat(restartFailedScan.reason()).contains("Start a new scan instead");
    assertThat(abandonResumable.possible()).isFalse();
    assertThat(abandonResumable.reason()).contains("the next scan resumes it");
    assertThat(abandonFailed.possible()).isTrue();
  }

  private static ActionRules.Facts facts(
      JobExecutionSummary execution, long lastExecutionId, boolean registered) {
    return new ActionRules.Facts(execution, lastExecutionId, false, null, registered, null, null);
  }

  private static ActionRules.Facts runFacts(
      JobExecutionSummary execution, @Nullable RunStatus runStatus) {
    return new ActionRules.Facts(execution, execution.id(), false, null, false, runStatus, null);
  }

  private static JobExecutionSummary other(BatchStatus status) {
    return execution("other", status, null);
  }

  private static JobExecutionSummary partition(BatchStatus status) {
    return execution("pipeline", status, ExecutionOwner.run(7, 2));
  }

  private static JobExecutionSummary scan(BatchStatus status) {
    return execution("scan", status, ExecutionOwner.scan(4));
  }

  private static JobExecutionSummary execution(
      String job, BatchStatus status, @Nullable ExecutionOwner owner) {
    Instant now = Instant.now();
    return new JobExecutionSummary(ID, INSTANCE, job, status, now, now, null, 0L, "", "", owner);
  }
}
