package dev.darkroom.core.run;

/**
 * How many of a run's partitions are in one status, and their units by status: one line of the run
 * page's partition summary, read from the per-partition counters (ADR 0016).
 */
public record PartitionStateCount(PartitionStatus status, long partitions, UnitCounts units) {}
