package dev.darkroom.orchestrator.run;

import dev.darkroom.core.run.Run;
import dev.darkroom.core.run.RunRepository;
import dev.darkroom.core.run.RunStatus;
import dev.darkroom.orchestrator.temporal.WorkerFactoryLifecycle;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.temporal.api.enums.v1.WorkflowExecutionStatus;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowNotFoundException;
import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;

/**
 * Start-up reconciliation: PostgreSQL is the truth about runs, Temporal only drives them. Runs that
 * the {@code run} table says are PLANNING, RUNNING or PAUSED but whose workflow is gone (not found
 * — the in-process test server forgets everything, a dev server's SQLite file may have been deleted
 * — or closed without finishing the run: terminated, failed, timed out) are started again. Their
 * workflow re-plans idempotently and relaunches every partition: completed partitions complete
 * again at once, the others restart from their last committed chunk. A run that was PAUSED gets a
 * workflow that starts paused: it plans and launches nothing until the run is resumed. A run whose
 * workflow is running is left alone. The workflow is looked up by the id stored in the run's row.
 *
 * <p>Runs once, after the worker factory started (a later lifecycle phase than {@code
 * WorkerFactoryLifecycle}), so the restarted workflows are picked up at once. When Temporal could
 * not be reached at start-up it runs once the workers connect, instead of waiting out the client's
 * retries for every active run while the server starts.
 */
public class RunReconciliation implements SmartLifecycle {

  private static final Logger log = LoggerFactory.getLogger(RunReconciliation.class);

  /** After {@code WorkerFactoryLifecycle} (Integer.MAX_VALUE - 1000). */
  static final int PHASE = Integer.MAX_VALUE - 500;

  private static final int MAX_RUNS_PER_STATUS = 10_000;
  private static final List<RunStatus> ACTIVE =
      List.of(RunStatus.PLANNING, RunStatus.RUNNING, RunStatus.PAUSED);

  private final RunRepository runs;
  private final RunService service;
  private final WorkflowClient client;
  private final @Nullable WorkerFactoryLifecycle workers;
  private volatile boolean running;

  public RunReconciliation(RunRepository runs, RunService service, WorkflowClient client) {
    this(runs, service, client, null);
  }

  /**
   * @param workers when given, reconciliation waits until they connect to Temporal
   */
  public RunReconciliation(
      RunRepository runs,
      RunService service,
      WorkflowClient client,
      @Nullable WorkerFactoryLifecycle workers) {
    this.runs = runs;
    this.service = service;
    this.client = client;
    this.workers = workers;
  }

  @Override
  public void start() {
    running = true;
    if (workers != null) {
      workers.whenConnected(this::reconcileLogged);
    } else {
      reconcileLogged();
    }
  }

  private void reconcileLogged() {
    try {
      reconcile();
    } catch (RuntimeException e) {
      // Never keep the server from starting: the runs stay as they are until the next start.
      log.error("Reconciling runs with Temporal failed; they are retried at the next start", e);
    }
  }

  /**
   * Resumes every active run whose workflow is gone.
   *
   * @return the ids of the runs whose workflow was started again
   */
  public List<Long> reconcile() {
    List<Long> resumed = new ArrayList<>();
    for (RunStatus status : ACTIVE) {
      for (Run run : runs.list(status, MAX_RUNS_PER_STATUS)) {
        String workflowId = service.workflowId(run);
        String gone = whyGone(workflowId);
        if (gone == null) {
          continue;
        }
        try {
          service.start(run);
          resumed.add(run.id());
          log.info(
              "Reconciled run {} ({} in PostgreSQL, workflow {} {}): workflow started again{}",
              run.id(),
              run.status(),
              workflowId,
              gone,
              run.status() == RunStatus.PAUSED ? ", paused until resumed" : "");
        } catch (RuntimeException e) {
          log.error(
              "Run {} ({}) has no running workflow ({} {}) and could not be resumed",
              run.id(),
              run.status(),
              workflowId,
              gone,
              e);
        }
      }
    }
    return resumed;
  }

  /** Null if the workflow runs; otherwise why it is gone, for the log. */
  private String whyGone(String workflowId) {
    WorkflowExecutionStatus status;
    try {
      status = client.newUntypedWorkflowStub(workflowId).describe().getStatus();
    } catch (WorkflowNotFoundException e) {
      return "not found";
    } catch (StatusRuntimeException e) {
      if (e.getStatus().getCode() == Status.Code.NOT_FOUND) {
        return "not found";
      }
      throw e;
    }
    if (status == WorkflowExecutionStatus.WORKFLOW_EXECUTION_STATUS_RUNNING) {
      return null;
    }
    if (status == WorkflowExecutionStatus.WORKFLOW_EXECUTION_STATUS_COMPLETED) {
      // Finishing writes the run's final status before the workflow completes; a run still
      // active here was changed by hand. Starting it again is refused, so say so.
      log.warn(
          "Workflow {} completed but PostgreSQL says its run is still active; not resumed",
          workflowId);
      return null;
    }
    return "is " + status.name().replace("WORKFLOW_EXECUTION_STATUS_", "").toLowerCase();
  }

  @Override
  public void stop() {
    running = false;
  }

  @Override
  public boolean isRunning() {
    return running;
  }

  @Override
  public int getPhase() {
    return PHASE;
  }
}
