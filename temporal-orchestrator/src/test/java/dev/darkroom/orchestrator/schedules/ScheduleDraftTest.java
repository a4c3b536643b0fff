package dev.darkroom.orchestrator.schedules;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.darkroom.core.tool.ToolParameters;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class ScheduleDraftTest {

  @Test
  void aTimingIsACronOrAnIntervalNeverBothNorNeither() {
    assertThatThrownBy(() -> new ScheduleTiming("0 2 * * *", Duration.ofHours(1), "UTC"))
        .isInstanceOf(InvalidScheduleException.class)
        .hasMessageContaining("exactly one of a cron expression");
    assertThatThrownBy(() -> new ScheduleTiming("  ", null, "UTC"))
        .isInstanceOf(InvalidScheduleException.class);
    assertThat(ScheduleTiming.cron(" 0 2 * * * ", "Europe/Berlin").cron()).isEqualTo("0 2 * * *");
  }

  @Test
  void aCronNeedsFiveFieldsAnIntervalFiveSecondsAndAZoneMustExist() {
    assertThatThrownBy(() -> ScheduleTiming.cron("0 2 * *", "UTC"))
        .hasMessageContaining("needs five fields");
    assertThatThrownBy(() -> ScheduleTiming.every(Duration.ofSeconds(4)))
        .hasMessageContaining("at least 5s");
    assertThatThrownBy(() -> ScheduleTiming.cron("0 2 * * *", "Mars/Olympus"))
        .hasMessageContaining("time zone \"Mars/Olympus\" is unknown");
    assertThat(new ScheduleTiming(null, Duration.ofHours(1), null).timeZone()).isEqualTo("UTC");
  }

  @Test
  void aDraftHasANameAPipelineAtMostOneScopeAndACatchUpWindowOfTenSeconds() {
    assertThatThrownBy(() -> draft(" ", "images-basic", null, null, null))
        .hasMessageContaining("name is required");
    assertThatThrownBy(() -> draft("n", "", null, null, null))
        .hasMessageContaining("pipeline is required");
    assertThatThrownBy(() -> draft("n", "images-basic", 3L, "type:image", null))
        .hasMessageContaining("not both");
    assertThatThrownBy(() -> draft("n", "images-basic", null, null, Duration.ofSeconds(9)))
        .hasMessageContaining("catchupWindow must be at least 10s");

    ScheduleDraft d = draft(" nightly ", "images-basic", null, " ", null);
    assertThat(d.name()).isEqualTo("nightly");
    assertThat(d.collectionQuery()).as("a blank query means every asset").isNull();
    assertThat(d.catchupWindow()).isEqualTo(ScheduleDraft.DEFAULT_CATCHUP_WINDOW);
    assertThat(d.withPaused(true).paused()).isTrue();
  }

  @Test
  void scheduleIdsAreTheInstallationsAndParseBack() {
    ScheduleIds ids = new ScheduleIds(() -> "0123456789ab");

    assertThat(ids.of(7)).isEqualTo("darkroom-0123456789ab-schedule-7");
    assertThat(ids.parse("darkroom-0123456789ab-schedule-7")).hasValue(7);
    assertThat(ids.parse("darkroom-ffffffffffff-schedule-7")).isEmpty();
    assertThat(ids.parse("darkroom-0123456789ab-schedule-x")).isEmpty();
  }

  private static ScheduleDraft draft(
      String name, String pipeline, Long collection, String query, Duration catchup) {
    return new ScheduleDraft(
        name,
        pipeline,
        collection,
        query,
        null,
        ToolParameters.empty(),
        false,
        ScheduleTiming.every(Duration.ofHours(1)),
        ScheduleOverlap.SKIP,
        catchup,
        false,
        null);
  }
}
