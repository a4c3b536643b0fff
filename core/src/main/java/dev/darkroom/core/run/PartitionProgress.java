package dev.darkroom.core.run;

import org.jspecify.annotations.Nullable;

/**
 * A launched partition's state, as committed in PostgreSQL.
 *
 * @param unitsDone units committed as done so far
 * @param unitsFailed units committed as failed so far
 * @param error why the partition failed or stopped; null while running or on success
 */
public record PartitionProgress(
    State state, long unitsTotal, long unitsDone, long unitsFailed, @Nullable String error) {

  /** Where the partition's job is. */
  public enum State {
    RUNNING,
    COMPLETED,
    FAILED,
    STOPPED
  }

  public boolean finished() {
    return state != State.RUNNING;
  }
}
