package dev.darkroom.orchestrator.run;

import dev.darkroom.core.run.PartitionLaunch;
import dev.darkroom.core.run.PartitionProgress;
import dev.darkroom.core.run.RunOutcome;
import dev.darkroom.core.run.UnknownRunException;
import io.temporal.activity.ActivityCancellationType;
import io.temporal.activity.ActivityOptions;
import io.temporal.common.RetryOptions;
import io.temporal.failure.ActivityFailure;
import io.temporal.failure.CanceledFailure;
import io.temporal.workflow.Async;
import io.temporal.workflow.CancellationScope;
import io.temporal.workflow.CompletablePromise;
import io.temporal.workflow.Promise;
import io.temporal.workflow.Workflow;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Plans the run (after waiting for resume when started paused), keeps up to {@code
 * maxConcurrentPartitions} partitions executing, reacts to pause and resume between completions,
 * continues as new after {@code partitionsPerExecution} partition executions, and finishes the run.
 * History holds ids and counts only: about six events per partition execution.
 */
public class RunWorkflowImpl implements RunWorkflow {

  private static final ActivityOptions CONTROL =
      ActivityOptions.newBuilder()
          // plan snapshots up to ~100,000 units with INSERT ... SELECT: seconds; minutes is a hang.
          .setStartToCloseTimeout(Duration.ofMinutes(10))
          // A cancelled run is finished only after an in-flight plan or status change committed.
          .setCancellationType(ActivityCancellationType.WAIT_CANCELLATION_COMPLETED)
          .setRetryOptions(
              RetryOptions.newBuilder()
                  // PostgreSQL restarts and failovers take seconds: retry soon, then back off.
                  .setInitialInterval(Duration.ofSeconds(1))
                  .setBackoffCoefficient(2)
                  // A longer outage is ridden out with a try a minute; no attempt limit, because
                  // without PostgreSQL the run can neither go on nor record that it failed.
                  .setMaximumInterval(Duration.ofMinutes(1))
                  // A run that does not exist will not appear by retrying.
                  .setDoNotRetry(UnknownRunException.class.getName())
                  .build())
          .build();

  private static final ActivityOptions PARTITION =
      ActivityOptions.newBuilder()
          // A partition of a few thousand units runs for minutes, video for hours; this only bounds
          // a job that hangs while its activity still heartbeats.
          .setStartToCloseTimeout(Duration.ofHours(24))
          // The activity heartbeats every 2 s; 30 s without one means the worker died (not a GC
          // pause), and Temporal retries the partition on another worker.
          .setHeartbeatTimeout(Duration.ofSeconds(30))
          // Pause and cancel wait until the job stopped at a chunk boundary, so nothing runs on
          // after the run is reported PAUSED or CANCELLED.
          .setCancellationType(ActivityCancellationType.WAIT_CANCELLATION_COMPLETED)
          .setRetryOptions(
              RetryOptions.newBuilder()
                  // A failed job is restarted from its last committed chunk; the first retry soon,
                  // as most job failures are a lost connection.
                  .setInitialInterval(Duration.ofSeconds(2))
                  .setBackoffCoefficient(2)
                  .setMaximumInterval(Duration.ofMinutes(2))
                  // Unit failures never fail a job (they are skipped and recorded), so a job that
                  // fails 5 times has a systematic problem: count the partition failed and go on.
                  .setMaximumAttempts(5)
                  .build())
          .build();

  private final RunActivities control = Workflow.newActivityStub(RunActivities.class, CONTROL);
  private final RunActivities partitionActivities =
      Workflow.newActivityStub(RunActivities.class, PARTITION);

  /** Executing partitions by number; a sorted map keeps iteration, hence replay, deterministic. */
  private final Map<Integer, Execution> running = new TreeMap<>();

  private final TreeSet<Integer> relaunch = new TreeSet<>();
  private int partitions;
  private int nextPartition;
  private int finished;
  private int failed;
  private int startedInThisExecution;
  private boolean pauseRequested;

  @Override
  public RunOutcome run(RunInput input) {
    long runId = input.runId();
    boolean continueAsNew;
    try {
      RunCheckpoint checkpoint = input.checkpoint();
      if (checkpoint == null) {
        if (input.startPaused()) {
          // The run is PAUSED in PostgreSQL and its workflow was started again (reconciliation):
          // nothing is planned, launched or marked RUNNING before someone resumes it.
          pauseRequested = true;
          Workflow.await(() -> !pauseRequested);
        }
        partitions = control.plan(runId).partitions();
        control.markRunning(runId);
      } else {
        restore(checkpoint);
      }
      continueAsNew = executePartitions(input);
    } catch (RuntimeException e) {
      if (!CancellationScope.current().isCancelRequested()) {
        throw e;
      }
      // Workflow cancellation: let running jobs stop at a chunk boundary, then record CANCELLED.
      Workflow.newDetachedCancellationScope(
              () -> {
                awaitRunningPartitions();
                control.finish(runId, true);
              })
          .run();
      throw e instanceof CanceledFailure ? e : new CanceledFailure("run " + runId + " cancelled");
    }
    if (continueAsNew) {
      Workflow.continueAsNew(input.continuedFrom(checkpoint()));
    }
    return control.finish(runId, false);
  }

  /** Returns true when this execution has spent its history budget and must continue as new. */
  private boolean executePartitions(RunInput input) {
    while (true) {
      if (pauseRequested) {
        stopRunningPartitions();
      } else {
        launchPartitions(input);
      }
      if (running.isEmpty()) {
        if (pauseRequested) {
          // Every job has stopped at a chunk boundary: only now is the run really paused.
          control.markPaused(input.runId());
          Workflow.await(() -> !pauseRequested);
          control.markRunning(input.runId());
          continue;
        }
        // Work left that may not start means this execution's history budget is spent.
        return hasWork();
      }
      Workflow.await(() -> anyCompleted() || (pauseRequested && anyNotAskedToStop()));
      collectCompleted();
    }
  }

  private void launchPartitions(RunInput input) {
    while (running.size() < input.maxConcurrentPartitions()
        && hasWork()
        && !historyBudgetSpent(input)) {
      int partitionNo;
      if (!relaunch.isEmpty()) {
        partitionNo = relaunch.pollFirst();
      } else {
        partitionNo = nextPartition++;
      }
      PartitionLaunch launch =
          new PartitionLaunch(
              input.runId(),
              partitionNo,
              input.pipelineId(),
              input.pipelineVersion(),
              input.settings());
      CompletablePromise<PartitionProgress> result = Workflow.newPromise();
      CancellationScope scope =
          Workflow.newCancellationScope(
              () ->
                  result.completeFrom(
                      Async.function(partitionActivities::executePartition, launch)));
      scope.run();
      running.put(partitionNo, new Execution(scope, result));
      startedInThisExecution++;
    }
  }

  private boolean hasWork() {
    return !relaunch.isEmpty() || nextPartition < partitions;
  }

  private boolean historyBudgetSpent(RunInput input) {
    return startedInThisExecution >= input.partitionsPerExecution()
        || Workflow.getInfo().isContinueAsNewSuggested();
  }

  private void stopRunningPartitions() {
    for (Execution execution : running.values()) {
      if (!execution.askedToStop) {
        execution.askedToStop = true;
        execution.scope.cancel("run paused");
      }
    }
  }

  private boolean anyCompleted() {
    for (Execution execution : running.values()) {
      if (execution.result.isCompleted()) {
        return true;
      }
    }
    return false;
  }

  private boolean anyNotAskedToStop() {
    for (Execution execution : running.values()) {
      if (!execution.askedToStop) {
        return true;
      }
    }
    return false;
  }

  private void collectCompleted() {
    Iterator<Map.Entry<Integer, Execution>> entries = running.entrySet().iterator();
    while (entries.hasNext()) {
      Map.Entry<Integer, Execution> entry = entries.next();
      Promise<PartitionProgress> result = entry.getValue().result;
      if (!result.isCompleted()) {
        continue;
      }
      entries.remove();
      RuntimeException failure = result.getFailure();
      if (failure == null) {
        finished++;
      } else if (isCancellation(failure)) {
        relaunch.add(entry.getKey()); // stopped by a pause at a chunk boundary
      } else {
        failed++; // retries exhausted; finish reports the partition's units as not done
      }
    }
  }

  private static boolean isCancellation(RuntimeException failure) {
    return failure instanceof CanceledFailure
        || (failure instanceof ActivityFailure && failure.getCause() instanceof CanceledFailure);
  }

  private void awaitRunningPartitions() {
    for (Execution execution : running.values()) {
      try {
        execution.result.get();
      } catch (RuntimeException stoppedOrFailed) {
        // Either way the job no longer runs, which is all cancellation needs.
      }
    }
    running.clear();
  }

  private RunCheckpoint checkpoint() {
    return new RunCheckpoint(
        partitions, nextPartition, new ArrayList<>(relaunch), finished, failed);
  }

  private void restore(RunCheckpoint checkpoint) {
    partitions = checkpoint.partitions();
    nextPartition = checkpoint.nextPartition();
    relaunch.addAll(checkpoint.relaunch());
    finished = checkpoint.finished();
    failed = checkpoint.failed();
  }

  @Override
  public void pause() {
    pauseRequested = true;
  }

  @Override
  public void resume() {
    pauseRequested = false;
  }

  @Override
  public RunProgress progress() {
    return new RunProgress(
        partitions, nextPartition, running.size(), finished, failed, pauseRequested);
  }

  /** One partition's activity and the scope that cancels it. */
  private static final class Execution {
    final CancellationScope scope;
    final Promise<PartitionProgress> result;
    boolean askedToStop;

    Execution(CancellationScope scope, Promise<PartitionProgress> result) {
      this.scope = scope;
      this.result = result;
    }
  }
}
