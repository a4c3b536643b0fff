/** The {@code thumbnail} tool: a bounded, upright JPEG preview of an image. */
@NullMarked
package dev.darkroom.batch.tools.thumbnail;

import org.jspecify.annotations.NullMarked;
