/**
 * Coverage: per live asset and pipeline step, whether the catalog holds a current artifact, a stale
 * one, a failure, nothing yet, or the step does not apply; kept incrementally (ADR 0014).
 */
@NullMarked
package dev.darkroom.core.coverage;

import org.jspecify.annotations.NullMarked;
