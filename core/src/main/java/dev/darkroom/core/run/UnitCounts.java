package dev.darkroom.core.run;

/** Units of a run or partition by status. */
public record UnitCounts(
    long total, long pending, long running, long done, long failed, long skipped) {

  /** Units not yet done, failed or skipped. */
  public long unfinished() {
    return pending + running;
  }
}
