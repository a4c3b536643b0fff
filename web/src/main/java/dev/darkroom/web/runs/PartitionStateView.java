package dev.darkroom.web.runs;

import dev.darkroom.core.run.PartitionStatus;
import dev.darkroom.core.run.UnitCounts;

/**
 * One line of a run's partition summary: how many partitions are in {@code status} and their units.
 */
public record PartitionStateView(PartitionStatus status, long partitions, UnitCounts units) {}
