/**
 * Schedules in the web layer: {@code /api/schedules} and the dashboard's {@code /schedules} pages
 * over {@link dev.darkroom.orchestrator.schedules.ScheduleService}, and promoting a sandbox run to
 * a production run or a schedule.
 */
@NullMarked
package dev.darkroom.web.schedules;

import org.jspecify.annotations.NullMarked;
