/**
 * HEIC/HEIF decoding through libheif's {@code heif-convert}, an external program: Java has no HEVC
 * decoder, so a worker that has the program can make thumbnails of phone photos.
 */
@NullMarked
package dev.darkroom.batch.tools.heif;

import org.jspecify.annotations.NullMarked;
