package dev.darkroom.orchestrator.schedules;

import dev.darkroom.core.run.RunStatus;
import java.time.Instant;
import org.jspecify.annotations.Nullable;

/** A run a schedule started, with its outcome so far. */
public record ScheduledRun(
    long runId,
    RunStatus status,
    Instant createdAt,
    @Nullable Instant finishedAt,
    long unitsTotal,
    long unitsDone,
    long unitsFailed,
    @Nullable String error) {}
