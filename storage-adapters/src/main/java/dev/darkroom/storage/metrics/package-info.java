/**
 * Metrics of artifact storage: a decorator around the {@link
 * dev.darkroom.core.storage.ArtifactStore} port that counts operations, bytes, latency and errors
 * by store type.
 */
@NullMarked
package dev.darkroom.storage.metrics;

import org.jspecify.annotations.NullMarked;
