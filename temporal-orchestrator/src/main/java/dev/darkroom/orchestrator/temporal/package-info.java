/**
 * The Temporal connection: which server Darkroom talks to ({@link
 * dev.darkroom.orchestrator.temporal.TemporalMode}), the CLI dev server it starts for the embedded
 * default ({@link dev.darkroom.orchestrator.temporal.TemporalDevServer}) and the Spring beans built
 * on it ({@link dev.darkroom.orchestrator.temporal.TemporalConfiguration}).
 */
@NullMarked
package dev.darkroom.orchestrator.temporal;

import org.jspecify.annotations.NullMarked;
