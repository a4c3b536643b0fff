package dev.darkroom.web.observability;

import dev.darkroom.orchestrator.schedules.ScheduleDefinition;
import dev.darkroom.orchestrator.schedules.ScheduleService;
import dev.darkroom.orchestrator.schedules.ScheduleSnapshot;
import dev.darkroom.orchestrator.schedules.TemporalSchedules;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;
import java.time.Duration;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * Firings and misses of the schedules, as Temporal counts them (its schedule info), summed over
 * this installation's schedules and read at most once per {@link #TTL}:
 *
 * <ul>
 *   <li>{@code darkroom_schedule_firings_total}: runs the schedules started;
 *   <li>{@code darkroom_schedule_misses_total{reason}}: firings Temporal dropped, {@code overlap}
 *       (the previous firing's run was still going, overlap policy skip) or {@code catchup-window}
 *       (Temporal was down longer than the schedule's catch-up window).
 * </ul>
 *
 * Temporal unreachable: the counters keep their last values (the temporal health says why). A
 * deleted schedule's counts leave the sum, which Prometheus reads as a counter reset.
 */
final class ScheduleMetrics implements MeterBinder {

  static final Duration TTL = Duration.ofSeconds(30);

  /** The sums over every schedule. */
  record Totals(long firings, long skippedOverlap, long missedCatchupWindow) {
    static final Totals NONE = new Totals(0, 0, 0);

    Totals plus(ScheduleSnapshot s) {
      return new Totals(
          firings + s.firings(),
          skippedOverlap + s.skippedOverlap(),
          missedCatchupWindow + s.missedCatchupWindow());
    }
  }

  private final Snapshot<Totals> totals;

  ScheduleMetrics(Supplier<Totals> read) {
    this.totals = new Snapshot<>(read, TTL, Totals.NONE);
  }

  /** Asks Temporal about every schedule defined in PostgreSQL. */
  static Totals read(ScheduleService schedules, TemporalSchedules temporal) {
    if (!schedules.available()) {
      return Totals.NONE;
    }
    Totals sum = Totals.NONE;
    for (ScheduleDefinition definition : schedules.list()) {
      Optional<ScheduleSnapshot> described = temporal.describe(definition.id());
      if (described.isPresent()) {
        sum = sum.plus(described.get());
      }
    }
    return sum;
  }

  @Override
  public void bindTo(MeterRegistry registry) {
    FunctionCounter.builder("darkroom.schedule.firings", totals, t -> t.get().firings())
        .description("Runs started by schedules (Temporal's count of schedule actions)")
        .register(registry);
    FunctionCounter.builder("darkroom.schedule.misses", totals, t -> t.get().skippedOverlap())
        .description("Schedule firings Temporal dropped")
        .tag("reason", "overlap")
        .register(registry);
    FunctionCounter.builder("darkroom.schedule.misses", totals, t -> t.get().missedCatchupWindow())
        .description("Schedule firings Temporal dropped")
        .tag("reason", "catchup-window")
        .register(registry);
  }
}
