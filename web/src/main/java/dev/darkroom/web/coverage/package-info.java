/** The coverage map: {@code /api/coverage} and the dashboard's {@code /coverage} matrix. */
@NullMarked
package dev.darkroom.web.coverage;

import org.jspecify.annotations.NullMarked;
