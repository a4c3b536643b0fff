package dev.darkroom.web.observability;

import dev.darkroom.core.events.RunEvents;
import dev.darkroom.core.events.RunStateChanged;
import dev.darkroom.core.run.Run;
import dev.darkroom.core.run.RunRepository;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.util.Locale;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;

/**
 * {@code darkroom_run_duration_seconds{pipeline,outcome}}: one observation per run that ended
 * (completed, completed_with_failures, failed, cancelled), from its start (or creation) to its end;
 * its {@code _count} is the number of runs by outcome. Fed by the run events of every process (this
 * one's and, over NATS, the others'); the run's row is read on a thread of its own, because event
 * listeners must return at once.
 */
final class RunOutcomeMetrics implements DisposableBean {

  private static final Logger log = LoggerFactory.getLogger(RunOutcomeMetrics.class);

  private final RunRepository runs;
  private final MeterRegistry registry;
  private final ExecutorService worker =
      Executors.newSingleThreadExecutor(
          task -> {
            Thread thread = new Thread(task, "run-outcome-metrics");
            thread.setDaemon(true);
            return thread;
          });
  private final RunEvents.Subscription subscription;

  RunOutcomeMetrics(RunEvents events, RunRepository runs, MeterRegistry registry) {
    this.runs = runs;
    this.registry = registry;
    this.subscription =
        events.subscribe(
            event -> {
              if (event instanceof RunStateChanged changed && changed.to().terminal()) {
                worker.execute(() -> ended(changed));
              }
            });
  }

  private void ended(RunStateChanged changed) {
    try {
      Run run = runs.get(changed.runId());
      Duration took =
          Duration.between(
              run.startedAt() != null ? run.startedAt() : run.createdAt(), changed.at());
      Timer.builder("darkroom.run.duration")
          .description("Runs that ended: time from start to end, by outcome")
          .tags(
              "pipeline", run.pipelineId(), "outcome", changed.to().name().toLowerCase(Locale.ROOT))
          .register(registry)
          .record(took.isNegative() ? Duration.ZERO : took);
    } catch (RuntimeException e) {
      log.warn("Could not record the outcome of run {}: {}", changed.runId(), e.toString());
    }
  }

  @Override
  public void destroy() {
    subscription.close();
    worker.shutdownNow();
  }
}
