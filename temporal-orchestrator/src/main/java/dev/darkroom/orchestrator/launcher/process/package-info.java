/**
 * The process launcher: every partition runs in a child JVM of the server ({@code WorkerMain
 * partition ...}), the same command a Kubernetes Job runs.
 */
@NullMarked
package dev.darkroom.orchestrator.launcher.process;

import org.jspecify.annotations.NullMarked;
