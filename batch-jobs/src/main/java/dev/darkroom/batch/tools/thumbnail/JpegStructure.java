package dev.darkroom.batch.tools.thumbnail;

/**
 * Walks a JPEG's marker segments to tell a complete file from one cut short. Java's JPEG decoder
 * only warns about a missing end and paints the rest grey; a half-grey thumbnail would hide a
 * damaged original, so the tool checks first.
 */
final class JpegStructure {

  private static final int SOS = 0xDA;
  private static final int EOI = 0xD9;

  private JpegStructure() {}

  static boolean isJpeg(byte[] bytes) {
    return bytes.length >= 3
        && (bytes[0] & 0xFF) == 0xFF
        && (bytes[1] & 0xFF) == 0xD8
        && (bytes[2] & 0xFF) == 0xFF;
  }

  /**
   * Whether the segments, followed from the start, reach an end-of-image marker. Bytes after it
   * (some cameras append data) do not matter; an embedded EXIF thumbnail's own end marker sits
   * inside a length-delimited segment and is not mistaken for the image's.
   */
  static boolean isComplete(byte[] bytes) {
    int at = 2;
    while (at < bytes.length) {
      if ((bytes[at] & 0xFF) != 0xFF) {
        return false;
      }
      while (at < bytes.length && (bytes[at] & 0xFF) == 0xFF) {
        at++; // fill bytes
      }
      if (at >= bytes.length) {
        return false;
      }
      int marker = bytes[at++] & 0xFF;
      if (marker == EOI) {
        return true;
      }
      if (marker == 0x01 || (marker >= 0xD0 && marker <= 0xD7)) {
        continue; // markers without a length
      }
      if (at + 2 > bytes.length) {
        return false;
      }
      int length = ((bytes[at] & 0xFF) << 8) | (bytes[at + 1] & 0xFF);
      if (length < 2) {
        return false;
      }
      at += length;
      if (marker == SOS) {
        at = afterEntropyCodedData(bytes, at);
      }
    }
    return false;
  }

  /** Index of the next marker after scan data, where 0xFF00 and restart markers are data. */
  private static int afterEntropyCodedData(byte[] bytes, int at) {
    while (at + 1 < bytes.length) {
      if ((bytes[at] & 0xFF) == 0xFF) {
        int next = bytes[at + 1] & 0xFF;
        if (next != 0x00 && next != 0xFF && !(next >= 0xD0 && next <= 0xD7)) {
          return at;
        }
      }
      at++;
    }
    return bytes.length;
  }
}
