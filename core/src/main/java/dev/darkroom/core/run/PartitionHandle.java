package dev.darkroom.core.run;

/**
 * Identifies a launched partition to the launcher that launched it.
 *
 * @param launcher the launcher's name ({@code in-process}, {@code process}, {@code kubernetes})
 * @param reference the launcher's own reference: a Batch job execution id, a PID, a Job name
 */
public record PartitionHandle(String launcher, long runId, int partitionNo, String reference) {}
