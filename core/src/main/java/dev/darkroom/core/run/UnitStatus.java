package dev.darkroom.core.run;

/** Coverage of one unit, as stored in {@code run_unit.status}. */
public enum UnitStatus {
  PENDING,
  RUNNING,
  DONE,
  FAILED,
  SKIPPED;

  /** Done, failed or skipped: a run's later chunks and restarts never touch it again. */
  public boolean finished() {
    return this == DONE || this == FAILED || this == SKIPPED;
  }
}
