/** The {@code image-metadata} tool: capture time, camera, lens, GPS and orientation from EXIF. */
@NullMarked
package dev.darkroom.batch.tools.metadata;

import org.jspecify.annotations.NullMarked;
