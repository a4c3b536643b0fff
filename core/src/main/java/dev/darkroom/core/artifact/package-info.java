/** The {@code artifact} table: derived outputs and the blobs they reference. */
@NullMarked
package dev.darkroom.core.artifact;

import org.jspecify.annotations.NullMarked;
