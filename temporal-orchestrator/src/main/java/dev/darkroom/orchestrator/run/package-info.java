/**
 * A run on Temporal: {@link dev.darkroom.orchestrator.run.RunWorkflow} plans a run, executes its
 * partitions with bounded concurrency through the {@link dev.darkroom.core.run.WorkerLauncher} and
 * finishes it; {@link dev.darkroom.orchestrator.run.RunLauncherService} starts, pauses, resumes and
 * cancels it. Only ids and counts enter Temporal's history; PostgreSQL stays the truth.
 */
@NullMarked
package dev.darkroom.orchestrator.run;

import org.jspecify.annotations.NullMarked;
