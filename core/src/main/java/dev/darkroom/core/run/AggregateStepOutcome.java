package dev.darkroom.core.run;

/**
 * What an aggregate step did in a run, from PostgreSQL ({@code aggregate_step}).
 *
 * @param status RUNNING (stopped before its end), COMPLETED or FAILED
 * @param launches how often the step was started, more than one after a failure or a kill
 */
public record AggregateStepOutcome(
    long runId,
    String step,
    String status,
    int launches,
    long membersAdded,
    long membersMerged,
    long clustersWritten) {}
