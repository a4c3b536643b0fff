package dev.darkroom.web.observability;

import static org.assertj.core.api.Assertions.assertThat;

import dev.darkroom.orchestrator.schedules.ScheduleSnapshot;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.util.List;
import org.junit.jupiter.api.Test;

class ScheduleMetricsTest {

  @Test
  void firingsAndMissesByReasonAreTemporalsCountsSummedOverTheSchedules() {
    ScheduleMetrics.Totals totals =
        ScheduleMetrics.Totals.NONE
            .plus(new ScheduleSnapshot(false, List.of(), List.of(), List.of(), 5, 2, 0))
            .plus(new ScheduleSnapshot(true, List.of(), List.of(), List.of(), 2, 0, 1));
    SimpleMeterRegistry registry = new SimpleMeterRegistry();
    new ScheduleMetrics(() -> totals).bindTo(registry);

    assertThat(registry.get("darkroom.schedule.firings").functionCounter().count()).isEqualTo(7);
    assertThat(
            registry
                .get("darkroom.schedule.misses")
                .tag("reason", "overlap")
                .functionCounter()
                .count())
        .isEqualTo(2);
    assertThat(
            registry
                .get("darkroom.schedule.misses")
                .tag("reason", "catchup-window")
                .functionCounter()
                .count())
        .isEqualTo(1);
  }
}
