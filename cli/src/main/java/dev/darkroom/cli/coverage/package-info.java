/** {@code darkroom coverage}: the coverage map of every asset or of one collection. */
@NullMarked
package dev.darkroom.cli.coverage;

import org.jspecify.annotations.NullMarked;
