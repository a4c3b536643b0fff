package dev.darkroom.core.run;

/**
 * Ends a run: derives its totals from {@code run_unit}, sets the final status and applies the
 * policy's completeness rule (a production run is COMPLETED only when every unit is done or
 * explicitly failed). Idempotent.
 */
public interface RunFinishing {

  /**
   * @param cancelled the run was cancelled: status CANCELLED, committed results stay
   */
  RunOutcome finish(long runId, boolean cancelled);
}
