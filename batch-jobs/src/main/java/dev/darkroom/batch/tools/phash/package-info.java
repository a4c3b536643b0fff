/** The {@code phash} tool: a 64-bit DCT perceptual hash of a picture, for near-duplicates. */
@NullMarked
package dev.darkroom.batch.tools.phash;

import org.jspecify.annotations.NullMarked;
