/**
 * Camera RAW (CR2, NEF, ARW, DNG): the largest embedded JPEG preview, read without a RAW decoder.
 */
@NullMarked
package dev.darkroom.batch.tools.raw;

import org.jspecify.annotations.NullMarked;
