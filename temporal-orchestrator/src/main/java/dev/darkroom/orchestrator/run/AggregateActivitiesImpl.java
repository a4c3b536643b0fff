package dev.darkroom.orchestrator.run;

import dev.darkroom.core.run.AggregateStepOutcome;
import dev.darkroom.core.run.AggregateSteps;
import io.temporal.activity.Activity;
import io.temporal.activity.ActivityExecutionContext;
import io.temporal.client.ActivityCompletionException;
import io.temporal.failure.ApplicationFailure;
import java.time.Duration;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Runs an aggregate step on a thread of its own and heartbeats every poll interval while it works:
 * loading a million hashes takes longer than a heartbeat timeout, a bucket does not. A cancellation
 * (it arrives with a heartbeat's reply) asks the step to stop at its next commit and waits for it.
 */
public class AggregateActivitiesImpl implements AggregateActivities {

  /** {@code ApplicationFailure} type of a failed aggregate step; retried with backoff. */
  public static final String AGGREGATE_FAILED = "AggregateStepFailed";

  private final AggregateSteps steps;
  private final Duration pollInterval;
  private final ExecutorService runner =
      Executors.newCachedThreadPool(
          task -> {
            Thread thread = new Thread(task, "aggregate-step");
            thread.setDaemon(true);
            return thread;
          });

  public AggregateActivitiesImpl(AggregateSteps steps, Duration pollInterval) {
    this.steps = steps;
    this.pollInterval = pollInterval;
  }

  @Override
  public AggregateStepOutcome executeAggregate(long runId, String step) {
    ActivityExecutionContext context = Activity.getExecutionContext();
    AtomicBoolean stop = new AtomicBoolean();
    Future<AggregateStepOutcome> result =
        runner.submit(() -> steps.execute(runId, step, stop::get));
    while (true) {
      try {
        return result.get(pollInterval.toMillis(), TimeUnit.MILLISECONDS);
      } catch (TimeoutException stillRunning) {
        try {
          context.heartbeat(step);
        } catch (ActivityCompletionException cancelled) {
          stop.set(true);
          awaitQuietly(result);
          throw cancelled;
        }
      } catch (ExecutionException e) {
        Throwable cause = e.getCause();
        throw ApplicationFailure.newFailureWithCause(
            String.valueOf(cause.getMessage()), AGGREGATE_FAILED, cause);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        stop.set(true);
        throw Activity.wrap(e);
      }
    }
  }

  private static void awaitQuietly(Future<?> result) {
    try {
      result.get();
    } catch (ExecutionException | RuntimeException stoppedOrFailed) {
      // Either way the step no longer runs, which is all a cancellation needs.
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
