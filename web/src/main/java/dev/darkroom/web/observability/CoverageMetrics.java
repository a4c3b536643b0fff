package dev.darkroom.web.observability;

import dev.darkroom.core.coverage.CoverageRepository;
import dev.darkroom.core.coverage.CoverageState;
import dev.darkroom.core.coverage.CoverageStep;
import dev.darkroom.core.coverage.StepCoverage;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * The catalog's coverage per pipeline step, read from the coverage map's maintained counters (one
 * cheap query, at most once per {@link #TTL}):
 *
 * <ul>
 *   <li>{@code darkroom_coverage_assets{step,state}}: live assets per step and state ({@code
 *       current}, {@code stale}, {@code missing}, {@code failed}, {@code not_applicable});
 *   <li>{@code darkroom_coverage_ratio{step}}: current over applicable (1 when nothing applies).
 * </ul>
 *
 * The steps are the ones the server pins at start-up (tool ids, a handful), so the labels stay few.
 */
final class CoverageMetrics implements MeterBinder {

  static final Duration TTL = Duration.ofSeconds(30);

  private final List<CoverageStep> steps;
  private final Snapshot<Map<String, StepCoverage>> coverage;

  CoverageMetrics(CoverageRepository repository, List<CoverageStep> steps) {
    this.steps = List.copyOf(steps);
    this.coverage =
        new Snapshot<>(
            () ->
                repository.all().stream()
                    .collect(
                        Collectors.toMap(c -> c.step().toolId(), Function.identity(), (a, b) -> a)),
            TTL,
            Map.of());
  }

  @Override
  public void bindTo(MeterRegistry registry) {
    for (CoverageStep step : steps) {
      String id = step.toolId();
      for (CoverageState state : CoverageState.values()) {
        Gauge.builder(
                "darkroom.coverage.assets",
                coverage,
                c -> {
                  StepCoverage cell = c.get().get(id);
                  return cell == null ? 0 : cell.counts().count(state);
                })
            .description("Live assets per pipeline step and coverage state")
            .tag("step", id)
            .tag("state", state.name().toLowerCase(Locale.ROOT))
            .register(registry);
      }
      Gauge.builder(
              "darkroom.coverage.ratio",
              coverage,
              c -> {
                StepCoverage cell = c.get().get(id);
                if (cell == null || cell.counts().applicable() == 0) {
                  return 1.0;
                }
                return (double) cell.counts().current() / cell.counts().applicable();
              })
          .description("Share of the assets a step applies to whose artifact is current")
          .tag("step", id)
          .register(registry);
    }
  }
}
