package dev.darkroom.batch.sample;

import org.jspecify.annotations.Nullable;

/**
 * One file the sample generator wrote, with what a reader of it should find.
 *
 * @param path path relative to the archive root, separated by {@code /}
 * @param kind what the file is
 * @param mediaType the media type its content really has (not what its name says), or null for an
 *     empty file
 * @param width stored pixel width as a decoder returns it (before EXIF orientation), 0 if none
 * @param height stored pixel height, 0 if none
 * @param exif the EXIF it carries, or null when it has none (PNGs, bad files)
 * @param derivedFrom for {@link SampleFileKind#DUPLICATE} and {@link SampleFileKind#TRUNCATED}: the
 *     path of the file it was made from; otherwise null
 * @param size size in bytes
 */
public record SampleFile(
    String path,
    SampleFileKind kind,
    @Nullable String mediaType,
    int width,
    int height,
    @Nullable SampleExif exif,
    @Nullable String derivedFrom,
    long size) {

  /** Whether a decoder should return a picture for this file. */
  public boolean decodable() {
    return switch (kind) {
      case VALID_IMAGE, DUPLICATE, MISLABELLED, CORRUPT_EXIF -> true;
      case ZERO_BYTE, TRUNCATED, NOT_AN_IMAGE -> false;
    };
  }
}
