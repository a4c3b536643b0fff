package dev.darkroom.orchestrator.schedules;

import org.jspecify.annotations.Nullable;

/**
 * A schedule as PostgreSQL defines it and as Temporal executes it.
 *
 * @param temporal Temporal's view; null when it could not be had ({@code problem} says why)
 * @param problem why Temporal's view is missing: no Temporal server, Temporal unreachable, or the
 *     schedule missing in Temporal (restart Darkroom to recreate it); null when all is well
 */
public record ScheduleStatus(
    ScheduleDefinition definition, @Nullable ScheduleSnapshot temporal, @Nullable String problem) {}
