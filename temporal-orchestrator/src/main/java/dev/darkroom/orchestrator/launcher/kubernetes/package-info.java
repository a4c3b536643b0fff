/**
 * The Kubernetes launcher: each attempt at a partition is a {@code batch/v1} Job running the worker
 * command ({@link dev.darkroom.core.run.PartitionWorkerCommand}) in a pod sized by the pipeline's
 * {@link dev.darkroom.orchestrator.launcher.kubernetes.ResourceProfile}; progress comes from
 * PostgreSQL, failures of the pod from the Kubernetes API (docs/adr/0013).
 */
@NullMarked
package dev.darkroom.orchestrator.launcher.kubernetes;

import org.jspecify.annotations.NullMarked;
