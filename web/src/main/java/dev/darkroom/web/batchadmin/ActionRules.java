package dev.darkroom.web.batchadmin;

import dev.darkroom.core.catalog.ScanStatus;
import dev.darkroom.core.run.RunStatus;
import dev.darkroom.web.batchadmin.ExecutionActions.Availability;
import org.jspecify.annotations.Nullable;
import org.springframework.batch.core.BatchStatus;

/**
 * Decides which of stop, restart and abandon an execution allows, and says why not. The rules
 * beyond Spring Batch's own keep the admin views from working against Darkroom's orchestration:
 *
 * <ul>
 *   <li>A {@code pipeline} execution is one partition of a run, and the run's Temporal workflow
 *       owns it: the workflow restarts a failed or stopped partition from its last committed chunk
 *       by itself, and finishing the run counts its units. Restarting one by hand would either race
 *       the workflow (run still going) or process units behind an ended run's back (its status and
 *       totals would not change), so it is never done here; the run's own actions are the way.
 *       Abandoning one while its run is still going would make every retry of the partition fail.
 *   <li>A {@code scan} execution belongs to a scan row: a scan left running by a dead process is
 *       resumed by the next scan, and a failed one is followed by a new, incremental scan (files
 *       already catalogued are not read again). Restarting its job here would leave the scan row
 *       behind, so it is not done.
 *   <li>Any other job is restarted through Batch's {@code JobOperator}, which can only rebuild jobs
 *       defined as Spring beans (registered jobs).
 * </ul>
 *
 * Stopping is always Batch's cooperative stop at the next chunk boundary; for a run partition it
 * goes through the same path the orchestrator uses (the partition is marked STOPPING first).
 */
final class ActionRules {

  /**
   * What the rules look at.
   *
   * @param lastExecutionId the newest execution of the same job instance
   * @param stopping whether the execution was asked to stop and has not ended yet. Spring Batch 6
   *     records a stop at once (the execution reads STOPPED, for a registered job its step too)
   *     while the job still finishes the chunk it is in
   * @param runningStep the step still running, when Batch's tables show one, else null
   * @param jobRegistered whether the job operator knows the job by name (a Spring bean)
   * @param runStatus the owning run's status; null when the owner is not a run or the run is gone
   * @param scanStatus the owning scan's status; null when the owner is not a scan or it is gone
   */
  record Facts(
      JobExecutionSummary execution,
      long lastExecutionId,
      boolean stopping,
      @Nullable String runningStep,
      boolean jobRegistered,
      @Nullable RunStatus runStatus,
      @Nullable ScanStatus scanStatus) {}

  private ActionRules() {}

  static ExecutionActions actions(Facts facts) {
    return new ExecutionActions(stop(facts), restart(facts), abandon(facts));
  }

  static Availability stop(Facts facts) {
    JobExecutionSummary execution = facts.execution();
    BatchStatus status = execution.status();
    if (status == BatchStatus.STOPPING || (status == BatchStatus.STOPPED && windingDown(facts))) {
      return Availability.no(
          "Execution "
              + execution.id()
              + " has already been asked to stop; its step stops at its next chunk boundary");
    }
    if (status != BatchStatus.STARTING && status != BatchStatus.STARTED) {
      return Availability.no(
          "Execution "
              + execution.id()
              + " is "
              + status
              + "; only a STARTING or STARTED execution can be stopped");
    }
    ExecutionOwner owner = execution.owner();
    if (isRun(owner) && facts.runStatus() != null && !facts.runStatus().terminal()) {
      return Availability.yes(
          "Stops "
              + owner.describe()
              + " at its next chunk boundary; committed results stay. The run's workflow then"
              + " restarts the partition from there (a stop outside the workflow counts as one"
              + " of its attempts). To stop the run's work, pause or cancel run "
              + owner.id()
              + " instead.");
    }
    return Availability.yes("Stops at the next chunk boundary; committed results stay.");
  }

  static Availability restart(Facts facts) {
    JobExecutionSummary execution = facts.execution();
    BatchStatus status = execution.status();
    if (status != BatchStatus.FAILED && status != BatchStatus.STOPPED) {
      return Availability.no(
          "Execution "
              + execution.id()
              + " is "
              + status
              + "; only a FAILED or STOPPED execution can be restarted");
    }
    if (windingDown(facts)) {
      return Availability.no(stillRunning(facts));
    }
    if (facts.lastExecutionId() != execution.id()) {
      return Availability.no(
          "Execution "
              + execution.id()
              + " is not the newest of job instance "
              + execution.instanceId()
              + " (execution "
              + facts.lastExecutionId()
              + " is); a restart continues an instance from its newest execution");
    }
    ExecutionOwner owner = execution.owner();
    if (owner != null && owner.kind() == ExecutionOwner.Kind.RUN) {
      return Availability.no(restartOfRunPartition(execution, owner, facts.runStatus()));
    }
    if (owner != null && owner.kind() == ExecutionOwner.Kind.SCAN) {
      return Availability.no(restartOfScan(execution, owner, facts.scanStatus()));
    }
    if (!facts.jobRegistered()) {
      return Availability.no(
          "Job '"
              + execution.jobName()
              + "' is not registered with this server's job operator (only jobs defined as"
              + " Spring beans are), so it cannot be rebuilt here; restart it from the code that"
              + " launched it");
    }
    return Availability.yes(
        "Starts a new execution of job instance "
            + execution.instanceId()
            + " that continues from its last committed chunk.");
  }

  static Availability abandon(Facts facts) {
    JobExecutionSummary execution = facts.execution();
    BatchStatus status = execution.status();
    if (status.isRunning()) {
      return Availability.no(
          "Execution "
              + execution.id()
              + " is "
              + status
              + "; stop it and wait until it is STOPPED before abandoning it");
    }
    if (status == BatchStatus.COMPLETED || status == BatchStatus.ABANDONED) {
      return Availability.no(
          "Execution " + execution.id() + " is " + status + "; there is nothing to abandon");
    }
    ExecutionOwner owner = execution.owner();
    RunStatus runStatus = facts.runStatus();
    if (isRun(owner) && runStatus != null && !runStatus.terminal()) {
      return Availability.no(
          "Execution "
              + execution.id()
              + " is "
              + owner.describe()
              + ", which is "
              + runStatus
              + ": its workflow restarts this partition, and an abandoned execution can never be"
              + " restarted, so every retry would fail. Cancel run "
              + owner.id()
              + " first ("
              + owner.url()
              + "); once it has ended the execution can be abandoned");
    }
    if (isScan(owner) && facts.scanStatus() == ScanStatus.RUNNING) {
      return Availability.no(
          "Execution "
              + execution.id()
              + " belongs to scan "
              + owner.id()
              + ", which is still RUNNING (its process is gone): the next scan resumes it from"
              + " this execution's last committed chunk, which an abandoned execution cannot do."
              + " Start a scan to finish it");
    }
    return Availability.yes(
        "Marks the execution ABANDONED: Spring Batch will never restart job instance "
            + execution.instanceId()
            + " from it.");
  }

  private static String restartOfRunPartition(
      JobExecutionSummary execution, ExecutionOwner owner, @Nullable RunStatus runStatus) {
    String which = "Execution " + execution.id() + " is " + owner.describe();
    if (runStatus == null) {
      return which + ", and that run no longer exists; there is nothing to restart it for";
    }
    if (runStatus == RunStatus.PAUSED) {
      return which
          + ", which is PAUSED: resume the run ("
          + owner.url()
          + ") and its workflow restarts this partition from its last committed chunk";
    }
    if (!runStatus.terminal()) {
      return which
          + ", which is "
          + runStatus
          + ": the run's Temporal workflow restarts a failed or stopped partition from its last"
          + " committed chunk by itself (up to 5 attempts). To stop the run's work, pause or"
          + " cancel it ("
          + owner.url()
          + ")";
    }
    return which
        + ", which has ended ("
        + runStatus
        + "): restarting one of its partitions here would process units behind the run's back"
        + " (its status and totals would not change). Rerun its failed units from "
        + owner.url()
        + ", or start a new run";
  }

  private static String restartOfScan(
      JobExecutionSummary execution, ExecutionOwner owner, @Nullable ScanStatus scanStatus) {
    String which = "Execution " + execution.id() + " belongs to scan " + owner.id();
    if (scanStatus == ScanStatus.RUNNING) {
      return which
          + ", which is still RUNNING (its process is gone): the next scan resumes it from its"
          + " last committed chunk. Start a scan";
    }
    return which
        + "; a scan's job is not restarted on its own, since the scan's report would not follow."
        + " Start a new scan instead: scans are incremental, files already catalogued are not"
        + " read again";
  }

  /** Stopped in Batch's tables while the job still finishes the chunk it is in. */
  private static boolean windingDown(Facts facts) {
    return facts.stopping() && !facts.execution().status().isRunning();
  }

  private static String stillRunning(Facts facts) {
    String what =
        facts.runningStep() == null
            ? "its job has not ended yet"
            : "its step '" + facts.runningStep() + "' is still running";
    return "Execution "
        + facts.execution().id()
        + " is "
        + facts.execution().status()
        + ", but "
        + what
        + ": Spring Batch records a stop at once and the job ends at its next chunk boundary."
        + " Restarting now would run the instance twice at once; wait until it has ended. (If"
        + " the process running it is gone, it never ends: abandon the execution and launch the"
        + " job anew.)";
  }

  private static boolean isRun(@Nullable ExecutionOwner owner) {
    return owner != null && owner.kind() == ExecutionOwner.Kind.RUN;
  }

  private static boolean isScan(@Nullable ExecutionOwner owner) {
    return owner != null && owner.kind() == ExecutionOwner.Kind.SCAN;
  }
}
