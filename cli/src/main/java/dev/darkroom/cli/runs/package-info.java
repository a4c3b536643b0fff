/** Runs: start, list, watch, steer, failed units. */
@NullMarked
package dev.darkroom.cli.runs;

import org.jspecify.annotations.NullMarked;
