package dev.darkroom.core.duplicates;

import java.time.Instant;
import org.jspecify.annotations.Nullable;

/**
 * What one aggregate step of a run did so far ({@code aggregate_step}), committed with its work.
 *
 * @param status RUNNING, COMPLETED or FAILED
 * @param launches how often the step's job was started (more than one after a failure or a kill)
 */
public record AggregateStepState(
    long runId,
    String step,
    @Nullable Long indexId,
    String status,
    int launches,
    long membersAdded,
    long membersMerged,
    int bucketsDone,
    long clustersWritten,
    @Nullable String error,
    Instant startedAt,
    @Nullable Instant finishedAt) {}
