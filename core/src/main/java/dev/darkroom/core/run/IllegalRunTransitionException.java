package dev.darkroom.core.run;

/** A status change the run's lifecycle does not allow, e.g. resuming a completed run. */
public class IllegalRunTransitionException extends RuntimeException {

  private final long runId;
  private final RunStatus from;
  private final RunStatus to;

  public IllegalRunTransitionException(long runId, RunStatus from, RunStatus to) {
    super("Run " + runId + " is " + from + " and cannot become " + to);
    this.runId = runId;
    this.from = from;
    this.to = to;
  }

  public long runId() {
    return runId;
  }

  public RunStatus from() {
    return from;
  }

  public RunStatus to() {
    return to;
  }
}
