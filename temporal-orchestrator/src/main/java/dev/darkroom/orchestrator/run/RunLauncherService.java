package dev.darkroom.orchestrator.run;

import dev.darkroom.orchestrator.temporal.TemporalUnavailableException;
import io.grpc.Context;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.temporal.api.enums.v1.WorkflowExecutionStatus;
import io.temporal.api.enums.v1.WorkflowIdReusePolicy;
import io.temporal.api.workflowservice.v1.GetSystemInfoRequest;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowExecutionAlreadyStarted;
import io.temporal.client.WorkflowOptions;
import io.temporal.client.WorkflowServiceException;
import java.time.Duration;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

/**
 * Starts and steers {@link RunWorkflow}s for runs whose row already exists, by workflow id (the one
 * stored in {@code run.workflow_id}; see {@link RunWorkflowIds}). Calls for a workflow that does
 * not exist throw Temporal's {@code WorkflowNotFoundException}.
 *
 * <p>Every call first asks whether Temporal is reachable and throws {@link
 * TemporalUnavailableException} at once when it is not: the client would otherwise retry an
 * unreachable server for a minute while the person who asked waits. A server that accepts the
 * connection but does not answer (restarting, overloaded) gets the call timeout, a gRPC deadline:
 * after it the call is refused the same way. The same exception replaces the client's own
 * "unavailable" and "deadline exceeded" errors.
 */
public class RunLauncherService {

  private final WorkflowClient client;
  private final String taskQueue;
  private final BooleanSupplier reachable;
  private final String target;
  private final Duration callTimeout;

  /** For a server that is always there (tests on the in-process test server). */
  public RunLauncherService(WorkflowClient client, String taskQueue) {
    this(client, taskQueue, () -> true, "the in-process server", DEFAULT_CALL_TIMEOUT);
  }

  /**
   * @param reachable answers at once whether Temporal can be reached ({@code
   *     TemporalEndpoint::reachable})
   * @param target where Temporal is, for messages
   * @param callTimeout the longest a call may wait for Temporal before it counts as unavailable
   */
  public RunLauncherService(
      WorkflowClient client,
      String taskQueue,
      BooleanSupplier reachable,
      String target,
      Duration callTimeout) {
    this.client = client;
    this.taskQueue = taskQueue;
    this.reachable = reachable;
    this.target = target;
    this.callTimeout = callTimeout;
  }

  /** What {@code darkroom.temporal.call-timeout} defaults to. */
  public static final Duration DEFAULT_CALL_TIMEOUT = Duration.ofSeconds(5);

  // Calls run here so the caller's wait is bounded even if the client retried past the deadline.
  private static final ExecutorService CALLS =
      Executors.newCachedThreadPool(
          task -> {
            Thread thread = new Thread(task, "temporal-call");
            thread.setDaemon(true);
            return thread;
          });

  // A little beyond the gRPC deadline, for the client to give up by itself first.
  private static final long GRACE_MILLIS = 1000;

  /**
   * Checks that Temporal answers before anything is written or sent: a local check (the dev server
   * runs, a remote port accepts connections), then one cheap RPC ({@code GetSystemInfo}) under the
   * call timeout, which a server that accepts connections but does not answer fails.
   *
   * @throws TemporalUnavailableException when Temporal cannot be reached right now
   */
  public void requireReachable(String what) {
    if (!reachable.getAsBoolean()) {
      throw new TemporalUnavailableException(what, target, null);
    }
    try {
      client
          .getWorkflowServiceStubs()
          .blockingStub()
          .withDeadlineAfter(callTimeout.toMillis(), TimeUnit.MILLISECONDS)
          .getSystemInfo(GetSystemInfoRequest.getDefaultInstance());
    } catch (StatusRuntimeException e) {
      if (unavailable(e)) {
        throw new TemporalUnavailableException(what, target, e);
      }
      throw e;
    }
  }

  private <T> T call(String what, Supplier<T> call) {
    requireReachable(what);
    // Every RPC made inside this context carries the deadline, the client's retries included.
    Context.CancellableContext deadline =
        Context.current().withDeadlineAfter(callTimeout.toMillis(), TimeUnit.MILLISECONDS, TIMER);
    Future<T> result = CALLS.submit(() -> deadline.call(call::get));
    try {
      return result.get(callTimeout.toMillis() + GRACE_MILLIS, TimeUnit.MILLISECONDS);
    } catch (TimeoutException e) {
      result.cancel(true);
      throw new TemporalUnavailableException(what, target, e);
    } catch (InterruptedException e) {
      result.cancel(true);
      Thread.currentThread().interrupt();
      throw new TemporalUnavailableException(what, target, e);
    } catch (ExecutionException e) {
      Throwable cause = e.getCause();
      if ((cause instanceof WorkflowServiceException || cause instanceof StatusRuntimeException)
          && unavailable(cause)) {
        throw new TemporalUnavailableException(what, target, cause);
      }
      if (cause instanceof RuntimeException runtime) {
        throw runtime;
      }
      if (cause instanceof Error error) {
        throw error;
      }
      throw new IllegalStateException(cause);
    } finally {
      deadline.cancel(null);
    }
  }

  private static final ScheduledExecutorService TIMER =
      Executors.newSingleThreadScheduledExecutor(
          task -> {
            Thread thread = new Thread(task, "temporal-call-deadline");
            thread.setDaemon(true);
            return thread;
          });

  private void run(String what, Runnable call) {
    call(
        what,
        () -> {
          call.run();
          return null;
        });
  }

  private static boolean unavailable(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof StatusRuntimeException grpc) {
        Status.Code code = grpc.getStatus().getCode();
        return code == Status.Code.UNAVAILABLE || code == Status.Code.DEADLINE_EXCEEDED;
      }
    }
    return false;
  }

  /**
   * Starts the run's workflow and returns its id. Idempotent while the workflow runs: starting it
   * again returns the same id. A run whose workflow failed, timed out, was terminated or cancelled
   * can be started again (planning is idempotent and partitions restart from their committed
   * chunks).
   *
   * @throws RunAlreadyCompletedException if the run's workflow completed
   */
  public String start(String workflowId, RunInput input) {
    RunWorkflow workflow =
        client.newWorkflowStub(
            RunWorkflow.class,
            WorkflowOptions.newBuilder()
                .setWorkflowId(workflowId)
                .setTaskQueue(taskQueue)
                // No execution or run timeout: a run may be paused for days; cancel ends it.
                .setWorkflowIdReusePolicy(
                    WorkflowIdReusePolicy.WORKFLOW_ID_REUSE_POLICY_ALLOW_DUPLICATE_FAILED_ONLY)
                .build());
    run(
        "started",
        () -> {
          try {
            WorkflowClient.start(workflow::run, input);
          } catch (WorkflowExecutionAlreadyStarted alreadyStarted) {
            // Same run id, same workflow: a retried start request changes nothing. The reuse
            // policy refuses only a running or a completed workflow.
            WorkflowExecutionStatus status =
                client.newUntypedWorkflowStub(workflowId).describe().getStatus();
            if (status != WorkflowExecutionStatus.WORKFLOW_EXECUTION_STATUS_RUNNING) {
              throw new RunAlreadyCompletedException(input.runId(), workflowId);
            }
          }
        });
    return workflowId;
  }

  /** Requests cancellation: running partitions stop at a chunk boundary, the run ends CANCELLED. */
  public void cancel(String workflowId) {
    run("cancelled", () -> client.newUntypedWorkflowStub(workflowId).cancel());
  }

  public void pause(String workflowId) {
    run("paused", () -> stub(workflowId).pause());
  }

  public void resume(String workflowId) {
    run("resumed", () -> stub(workflowId).resume());
  }

  public RunProgress progress(String workflowId) {
    return call("queried", () -> stub(workflowId).progress());
  }

  private RunWorkflow stub(String workflowId) {
    return client.newWorkflowStub(RunWorkflow.class, workflowId);
  }
}
