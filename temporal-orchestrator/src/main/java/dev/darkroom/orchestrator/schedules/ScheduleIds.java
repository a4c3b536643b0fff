package dev.darkroom.orchestrator.schedules;

import dev.darkroom.orchestrator.run.RunWorkflowIds;
import java.util.OptionalLong;
import java.util.function.Supplier;

/**
 * Temporal ids of schedules: {@code darkroom-<installation>-schedule-<id>}, which is also the
 * prefix of every firing's workflow id (Temporal appends the firing time). The installation part
 * keeps two databases on one namespace from meeting each other's schedules, and tells this
 * installation's orphans from someone else's schedules.
 */
public class ScheduleIds {

  private final Supplier<String> installation;

  public ScheduleIds(Supplier<String> installation) {
    this.installation = installation;
  }

  /** What every schedule id of this installation starts with. */
  public String prefix() {
    return RunWorkflowIds.PREFIX + installation.get() + "-schedule-";
  }

  public String of(long scheduleId) {
    return prefix() + scheduleId;
  }

  /** The schedule id in a Temporal schedule id of this installation; empty for any other. */
  public OptionalLong parse(String temporalId) {
    String prefix = prefix();
    if (!temporalId.startsWith(prefix)) {
      return OptionalLong.empty();
    }
    try {
      return OptionalLong.of(Long.parseLong(temporalId.substring(prefix.length())));
    } catch (NumberFormatException e) {
      return OptionalLong.empty();
    }
  }
}
