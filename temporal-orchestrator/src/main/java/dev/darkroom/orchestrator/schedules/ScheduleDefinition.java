package dev.darkroom.orchestrator.schedules;

import java.time.Instant;

/** A stored schedule: its row in the {@code schedule} table. */
public record ScheduleDefinition(
    long id, ScheduleDraft draft, String createdBy, Instant createdAt, Instant updatedAt) {

  public String name() {
    return draft.name();
  }

  public boolean paused() {
    return draft.paused();
  }
}
