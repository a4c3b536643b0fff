package dev.darkroom.core.run;

/**
 * What planning a run produced: its units were snapshotted into {@code run_unit} and cut into
 * partitions numbered {@code 0 .. partitions-1}. Only these counts enter Temporal's history.
 */
public record PlanResult(long runId, int partitions, long units) {}
