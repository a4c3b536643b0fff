package dev.darkroom.core.run;

/** Lifecycle of a run, as stored in {@code run.status}. */
public enum RunStatus {
  PENDING,
  PLANNING,
  RUNNING,
  PAUSED,
  COMPLETED,
  COMPLETED_WITH_FAILURES,
  FAILED,
  CANCELLED;

  public boolean terminal() {
    return this == COMPLETED
        || this == COMPLETED_WITH_FAILURES
        || this == FAILED
        || this == CANCELLED;
  }
}
