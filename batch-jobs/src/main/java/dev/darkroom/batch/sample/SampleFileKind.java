package dev.darkroom.batch.sample;

/** What a file in the sample archive is, and so what a correct scanner or pipeline makes of it. */
public enum SampleFileKind {
  /** A decodable image; JPEGs carry the EXIF recorded in {@link SampleFile#exif()}. */
  VALID_IMAGE,
  /** Byte-for-byte copy of another file ({@link SampleFile#derivedFrom()}) at another path. */
  DUPLICATE,
  /** An empty file with an image extension. */
  ZERO_BYTE,
  /**
   * The first part of a real JPEG ({@link SampleFile#derivedFrom()}); it has no end-of-image
   * marker.
   */
  TRUNCATED,
  /** A valid image whose extension names another format (a PNG called {@code .jpg}). */
  MISLABELLED,
  /** Not an image at all, whatever the extension says. */
  NOT_AN_IMAGE,
  /** A decodable JPEG whose APP1 Exif segment holds garbage IFD offsets and types. */
  CORRUPT_EXIF
}
