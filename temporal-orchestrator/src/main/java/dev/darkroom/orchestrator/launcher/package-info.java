/**
 * Launchers: adapters of {@link dev.darkroom.core.run.WorkerLauncher} that start a partition's
 * pipeline job in this JVM, another process or a Kubernetes pod.
 */
@NullMarked
package dev.darkroom.orchestrator.launcher;

import org.jspecify.annotations.NullMarked;
