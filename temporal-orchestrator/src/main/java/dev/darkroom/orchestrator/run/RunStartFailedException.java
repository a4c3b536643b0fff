package dev.darkroom.orchestrator.run;

/**
 * The run row was written but its workflow could not be started (Temporal unreachable); the run is
 * FAILED with the reason. Start a new run once Temporal answers again.
 */
public class RunStartFailedException extends RuntimeException {

  private final long runId;

  public RunStartFailedException(long runId, String reason, Throwable cause) {
    super(
        "Run "
            + runId
            + " "
            + reason
            + "; check that Temporal is reachable and request the run again",
        cause);
    this.runId = runId;
  }

  public long runId() {
    return runId;
  }
}
