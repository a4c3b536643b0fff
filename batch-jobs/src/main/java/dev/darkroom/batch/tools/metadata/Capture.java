package dev.darkroom.batch.tools.metadata;

import java.time.LocalDateTime;
import java.time.ZoneOffset;
import org.jspecify.annotations.Nullable;

/**
 * A capture time, its UTC offset when recorded, and where it was found.
 *
 * @param source the tag it came from, e.g. {@code EXIF:DateTimeOriginal}; see {@link
 *     ImageMetadata#captureTimeSource()}
 */
record Capture(LocalDateTime time, @Nullable ZoneOffset offset, String source) {}
