/** {@code darkroom schedules}: recurring production runs on Temporal Schedules. */
@NullMarked
package dev.darkroom.cli.schedules;

import org.jspecify.annotations.NullMarked;
