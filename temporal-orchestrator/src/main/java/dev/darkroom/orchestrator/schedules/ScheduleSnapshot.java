package dev.darkroom.orchestrator.schedules;

import java.time.Instant;
import java.util.List;

/**
 * What Temporal says about a schedule right now.
 *
 * @param nextFirings the next firing times Temporal computed (empty while paused)
 * @param runningFirings workflow ids of firings still going (their run has not ended)
 * @param recentFirings the latest firings' scheduled times, oldest first
 * @param firings how many times it fired
 * @param skippedOverlap firings dropped because a run was still going
 * @param missedCatchupWindow firings dropped because they were later than the catch-up window
 */
public record ScheduleSnapshot(
    boolean paused,
    List<Instant> nextFirings,
    List<String> runningFirings,
    List<Instant> recentFirings,
    long firings,
    long skippedOverlap,
    long missedCatchupWindow) {

  public ScheduleSnapshot {
    nextFirings = List.copyOf(nextFirings);
    runningFirings = List.copyOf(runningFirings);
    recentFirings = List.copyOf(recentFirings);
  }
}
