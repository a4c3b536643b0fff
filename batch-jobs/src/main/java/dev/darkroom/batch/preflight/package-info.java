/** What a run checks before it is planned, so bad configuration fails the start, not its units. */
@NullMarked
package dev.darkroom.batch.preflight;

import org.jspecify.annotations.NullMarked;
