package dev.darkroom.core.run;

/** Final totals of a run. {@code pending} is non-zero only for a cancelled or failed run. */
public record RunOutcome(
    long runId, RunStatus status, long unitsDone, long unitsFailed, long unitsPending) {}
