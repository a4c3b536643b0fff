package dev.darkroom.core.coverage;

/**
 * A production run whose last attempt left failures for a step, with how many and one of the
 * reasons, so a person can go from a coverage cell to the run that failed.
 */
public record FailedRun(long runId, long assets, String sampleReason) {}
