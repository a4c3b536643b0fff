/** Duplicates: {@code /api/duplicates} and the dashboard's {@code /duplicates} page. */
@NullMarked
package dev.darkroom.web.duplicates;

import org.jspecify.annotations.NullMarked;
