/** Retention in the server: the scheduled artifact sweep (docs/schedules.md#retention). */
@NullMarked
package dev.darkroom.web.retention;

import org.jspecify.annotations.NullMarked;
