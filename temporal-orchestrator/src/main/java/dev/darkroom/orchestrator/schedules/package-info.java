/**
 * Schedules: named, recurring production runs. {@link
 * dev.darkroom.orchestrator.schedules.ScheduleService} keeps the definitions in PostgreSQL (the
 * truth) and one Temporal Schedule per definition ({@link
 * dev.darkroom.orchestrator.schedules.TemporalSchedules}); each firing starts a {@link
 * dev.darkroom.orchestrator.schedules.ScheduledRunWorkflow} that creates the run as the REST
 * launcher does and waits for it to end, so Temporal's overlap policy sees the run as running.
 * {@link dev.darkroom.orchestrator.schedules.ScheduleReconciliation} brings Temporal in line with
 * PostgreSQL at start-up. See docs/schedules.md and ADR 0015.
 */
@NullMarked
package dev.darkroom.orchestrator.schedules;

import org.jspecify.annotations.NullMarked;
