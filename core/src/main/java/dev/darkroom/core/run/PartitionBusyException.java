package dev.darkroom.core.run;

/**
 * A partition's job could not be started for now, for a reason that passes by itself: every
 * launcher thread busy, or the job not started in time (typically while it waits for the database).
 * The orchestrator retries it without counting it against the partition's failures.
 */
public class PartitionBusyException extends PartitionLaunchException {

  public PartitionBusyException(String message) {
    super(message);
  }

  public PartitionBusyException(String message, Throwable cause) {
    super(message, cause);
  }
}
