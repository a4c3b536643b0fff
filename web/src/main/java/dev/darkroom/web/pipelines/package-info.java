/** {@code /api/pipelines} and {@code /api/tools}: what a run can name, with versions. */
@NullMarked
package dev.darkroom.web.pipelines;

import org.jspecify.annotations.NullMarked;
