package dev.darkroom.orchestrator.run;

import static java.util.Objects.requireNonNull;

import dev.darkroom.core.run.PartitionLaunch;
import dev.darkroom.core.run.PartitionProgress;
import dev.darkroom.core.run.RunOutcome;
import dev.darkroom.core.run.UnknownRunException;
import io.temporal.activity.ActivityCancellationType;
import io.temporal.activity.ActivityOptions;
import io.temporal.activity.LocalActivityOptions;
import io.temporal.common.RetryOptions;
import io.temporal.failure.ActivityFailure;
import io.temporal.failure.ApplicationFailure;
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
import org.jspecify.annotations.Nullable;

/**
 * Plans the run (after waiting for resume when started paused), keeps up to {@code
 * maxConcurrentPartitions} partitions executing, reacts to pause and resume between completions,
 * continues as new after {@code partitionsPerExecution} partition executions or once the
 * execution's history nears {@value #HISTORY_EVENTS_PER_EXECUTION} events, and finishes the run.
 * History holds ids and counts only: about six events per partition execution, the run's status
 * changes are local activities (one marker event each), and planning sizes partitions so a run's
 * partition count grows with the square root of its size (ADR 0017, docs/temporal.md).
 */
public class RunWorkflowImpl implements RunWorkflow {

  private static final ActivityOptions CONTROL =
      ActivityOptions.newBuilder()
          // plan snapshots up to ~100,000 units with INSERT ... SELECT: seconds; minutes is a hang.
          .setStartToCloseTimeout(Duration.ofMinutes(10))
          // They heartbeat every 2 s while they work: a worker killed in the middle of one (the
          // server kill -9ed while planning) is noticed within 30 s, not after the 10 minutes.
          .setHeartbeatTimeout(Duration.ofSeconds(30))
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

  /**
   * The partition activity's options for runs started before partition failures were classified:
   * any failure, a database outage included, counts against 5 attempts. Kept for replay only.
   */
  /**
   * Status changes (RUNNING, PAUSED) are one guarded {@code UPDATE}: a local activity records one
   * marker event where an activity costs six.
   */
  private static final LocalActivityOptions STATUS =
      LocalActivityOptions.newBuilder()
          // One UPDATE; a minute covers a pool waiting 30 s for a connection.
          .setStartToCloseTimeout(Duration.ofMinutes(1))
          .setRetryOptions(CONTROL.getRetryOptions())
          .build();

  private static final ActivityOptions LEGACY_PARTITION =
      partitionOptions(
          RetryOptions.newBuilder()
              .setInitialInterval(Duration.ofSeconds(2))
              .setBackoffCoefficient(2)
              .setMaximumInterval(Duration.ofMinutes(2))
              .setMaximumAttempts(5)
              .build());

  private static final ActivityOptions PARTITION =
      partitionOptions(
          RetryOptions.newBuilder()
              // A database outage, a lost worker (heartbeat timeout) or a job stopped outside the
              // workflow: retried soon, then a try a minute, with no attempt limit, because the
              // partition resumes from its unfinished units whenever PostgreSQL is back (ADR 0005).
              .setInitialInterval(Duration.ofSeconds(2))
              .setBackoffCoefficient(2)
              .setMaximumInterval(Duration.ofMinutes(1))
              // Any other failure is a problem a person may have to fix: the workflow relaunches
              // the partition a few times (PARTITION_TRIES) and then counts it failed.
              .setDoNotRetry(RunActivitiesImpl.PARTITION_FAILED)
              .build());

  /**
   * The change id of this workflow's versions (named for its first change; one id, so a run records
   * one version marker per execution).
   */
  static final String FAILURE_BUDGET_CHANGE = "partition-failure-budget";

  /** Version 1: classified partition failures, a budget for real ones. */
  static final int FAILURE_BUDGET = 1;

  /**
   * Version 2: status changes as local activities, and a history budget per execution in events
   * ({@value #HISTORY_EVENTS_PER_EXECUTION}) beside the one in partitions.
   */
  static final int HISTORY_BUDGET = 2;

  /**
   * Version 3: a pipeline's aggregate steps ({@link RunInput#aggregateSteps}) run after the
   * partitions, before finish. Runs without aggregate steps record the same events as version 2.
   */
  static final int AGGREGATE_STEPS = 3;

  /** Attempts of one aggregate step before the run finishes without it. */
  static final int AGGREGATE_TRIES = 8;

  /**
   * An aggregate step runs as one activity that heartbeats while its Spring Batch job works in the
   * worker; its progress is in PostgreSQL, so a retry goes on from the last committed bucket.
   */
  private static final ActivityOptions AGGREGATE =
      ActivityOptions.newBuilder()
          // Clustering a million hashes takes minutes; this only bounds a step that hangs while
          // its activity still heartbeats.
          .setStartToCloseTimeout(Duration.ofHours(24))
          // Heartbeats every 2 s: 30 s without one means the worker died; retried elsewhere.
          .setHeartbeatTimeout(Duration.ofSeconds(30))
          // A cancelled run is finished only after the step stopped at a commit.
          .setCancellationType(ActivityCancellationType.WAIT_CANCELLATION_COMPLETED)
          .setRetryOptions(
              RetryOptions.newBuilder()
                  // A database blip or a lost worker: soon again, then once a minute.
                  .setInitialInterval(Duration.ofSeconds(2))
                  .setBackoffCoefficient(2)
                  .setMaximumInterval(Duration.ofMinutes(1))
                  // A step failing this often needs a person; the run finishes with its per-asset
                  // results and the step's row in aggregate_step says FAILED and why.
                  .setMaximumAttempts(AGGREGATE_TRIES)
                  .build())
          .build();

  /**
   * An execution launches no partition that could take its history past this many events; it
   * continues as new instead. Half of the 2,000 an execution must never exceed: retries, pauses and
   * the partitions still running when it stops launching fit in the other half.
   */
  static final int HISTORY_EVENTS_PER_EXECUTION = 1000;

  /**
   * History events one partition execution adds: activity scheduled, started and completed, and the
   * workflow task (scheduled, started, completed) that handles its end.
   */
  static final int EVENTS_PER_PARTITION = 6;

  /** Events after the last launch: continue-as-new or finish (an activity and a workflow task). */
  private static final int EVENTS_TO_END = 10;

  /** A partition failing this often for a reason other than a database outage is given up. */
  static final int PARTITION_TRIES = 5;

  private static final Duration RELAUNCH_BACKOFF = Duration.ofSeconds(2);
  private static final Duration MAX_RELAUNCH_BACKOFF = Duration.ofMinutes(2);

  private static ActivityOptions partitionOptions(RetryOptions retry) {
    return ActivityOptions.newBuilder()
        // A partition of a few thousand units runs for minutes, video for hours; this only bounds
        // a job that hangs while its activity still heartbeats.
        .setStartToCloseTimeout(Duration.ofHours(24))
        // The activity heartbeats every 2 s; 30 s without one means the worker died (not a GC
        // pause), and Temporal retries the partition on another worker.
        .setHeartbeatTimeout(Duration.ofSeconds(30))
        // Pause and cancel wait until the job stopped at a chunk boundary, so nothing runs on
        // after the run is reported PAUSED or CANCELLED.
        .setCancellationType(ActivityCancellationType.WAIT_CANCELLATION_COMPLETED)
        .setRetryOptions(retry)
        .build();
  }

  private final RunActivities control = Workflow.newActivityStub(RunActivities.class, CONTROL);
  private @Nullable RunActivities partitionActivities;

  /** Where status changes go: local activities, or activities when replaying older runs. */
  private RunActivities status = control;

  /** Whether this run budgets history events (false only when replaying older runs). */
  private boolean historyBudget;

  /** Whether this run classifies partition failures (false only when replaying older runs). */
  private boolean failureBudget;

  /** Non-outage failures so far of partitions that will be launched again; sorted for replay. */
  private final Map<Integer, Integer> failures = new TreeMap<>();

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
    // Runs started before a change replay with the options and logic they were started with.
    int version =
        Workflow.getVersion(FAILURE_BUDGET_CHANGE, Workflow.DEFAULT_VERSION, AGGREGATE_STEPS);
    failureBudget = version >= FAILURE_BUDGET;
    historyBudget = version >= HISTORY_BUDGET;
    if (historyBudget) {
      status = Workflow.newLocalActivityStub(RunActivities.class, STATUS);
    }
    partitionActivities =
        Workflow.newActivityStub(RunActivities.class, failureBudget ? PARTITION : LEGACY_PARTITION);
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
        status.markRunning(runId);
      } else {
        restore(checkpoint);
      }
      continueAsNew = executePartitions(input);
      if (!continueAsNew && version >= AGGREGATE_STEPS) {
        executeAggregateSteps(input);
      }
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

  /**
   * The pipeline's aggregate steps, in order, once no partition runs. A step that failed its
   * attempts is left FAILED in PostgreSQL and the run finishes with its per-asset results.
   */
  private void executeAggregateSteps(RunInput input) {
    if (input.aggregateSteps().isEmpty()) {
      return;
    }
    AggregateActivities aggregates = Workflow.newActivityStub(AggregateActivities.class, AGGREGATE);
    for (String step : input.aggregateSteps()) {
      try {
        aggregates.executeAggregate(input.runId(), step);
      } catch (ActivityFailure failure) {
        if (CancellationScope.current().isCancelRequested()) {
          throw failure;
        }
        Workflow.getLogger(RunWorkflowImpl.class)
            .warn(
                "Run {}: aggregate step {} failed: {}", input.runId(), step, failure.getMessage());
      }
    }
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
          status.markPaused(input.runId());
          Workflow.await(() -> !pauseRequested);
          status.markRunning(input.runId());
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
              input.settings(),
              input.launcher());
      CompletablePromise<PartitionProgress> result = Workflow.newPromise();
      RunActivities activities = requireNonNull(partitionActivities);
      Duration backoff = relaunchBackoff(partitionNo);
      CancellationScope scope =
          Workflow.newCancellationScope(
              () ->
                  result.completeFrom(
                      Async.function(
                          () -> {
                            if (!backoff.isZero()) {
                              Workflow.sleep(backoff); // a pause cancels the wait as well
                            }
                            return activities.executePartition(launch);
                          })));
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
        || Workflow.getInfo().isContinueAsNewSuggested()
        || (historyBudget && eventsAfterOneMoreLaunch() > HISTORY_EVENTS_PER_EXECUTION);
  }

  /**
   * The history's length once the partitions running now and one more have ended and the execution
   * has ended too. The length is the one at the start of this workflow task (the same on replay);
   * partitions launched in this task are in {@code running}.
   */
  private long eventsAfterOneMoreLaunch() {
    return Workflow.getInfo().getHistoryLength()
        + (long) EVENTS_PER_PARTITION * (running.size() + 1)
        + EVENTS_TO_END;
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
      } else if (failureBudget
          && isPartitionFailure(failure)
          && failures.merge(entry.getKey(), 1, Integer::sum) < PARTITION_TRIES) {
        relaunch.add(entry.getKey()); // a new job instance goes on from the unfinished units
      } else {
        failures.remove(entry.getKey());
        failed++; // retries exhausted; finish reports the partition's units as not done
      }
    }
  }

  private static boolean isPartitionFailure(RuntimeException failure) {
    return failure instanceof ActivityFailure
        && failure.getCause() instanceof ApplicationFailure application
        && RunActivitiesImpl.PARTITION_FAILED.equals(application.getType());
  }

  /** Zero for a first launch or a relaunch after a pause; 2 s, 4 s, ... 2 min after failures. */
  private Duration relaunchBackoff(int partitionNo) {
    int failedBefore = failures.getOrDefault(partitionNo, 0);
    if (failedBefore == 0) {
      return Duration.ZERO;
    }
    Duration backoff = RELAUNCH_BACKOFF.multipliedBy(1L << Math.min(failedBefore - 1, 16));
    return backoff.compareTo(MAX_RELAUNCH_BACKOFF) > 0 ? MAX_RELAUNCH_BACKOFF : backoff;
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
        partitions, nextPartition, new ArrayList<>(relaunch), finished, failed, failures);
  }

  private void restore(RunCheckpoint checkpoint) {
    partitions = checkpoint.partitions();
    nextPartition = checkpoint.nextPartition();
    relaunch.addAll(checkpoint.relaunch());
    finished = checkpoint.finished();
    failed = checkpoint.failed();
    failures.putAll(checkpoint.failures());
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
