package dev.darkroom.batch.preflight;

import java.util.List;

/**
 * A run cannot do its work here, for reasons a person must fix (an archive root not mounted, an
 * artifact store not writable, a tool not installed). Raised before the run is written or planned.
 */
public class RunPreflightException extends RuntimeException {

  private final List<String> problems;

  public RunPreflightException(List<String> problems) {
    super("The run was not started: " + String.join("; ", problems));
    this.problems = List.copyOf(problems);
  }

  /** Each reason, one sentence a person can act on. */
  public List<String> problems() {
    return problems;
  }
}
