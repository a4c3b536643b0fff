package dev.darkroom.core.run;

/** Lifecycle of a partition's job, as stored in {@code run_partition.status}. */
public enum PartitionStatus {
  PENDING,
  RUNNING,
  STOPPING,
  STOPPED,
  COMPLETED,
  FAILED,
  CANCELLED;

  /** The launcher-facing state: PENDING is not launched yet, which callers treat as running. */
  public PartitionProgress.State state() {
    return switch (this) {
      case PENDING, RUNNING, STOPPING -> PartitionProgress.State.RUNNING;
      case COMPLETED -> PartitionProgress.State.COMPLETED;
      case FAILED -> PartitionProgress.State.FAILED;
      case STOPPED, CANCELLED -> PartitionProgress.State.STOPPED;
    };
  }
}
