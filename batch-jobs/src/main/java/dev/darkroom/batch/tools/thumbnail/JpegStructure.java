package dev.darkroom.batch.tools.thumbnail;

/**
 * Walks a JPEG's marker segments to tell a complete file from one cut short or damaged in the
 * middle. Java's JPEG decoder only warns about a missing end and paints the rest grey; a half-grey
 * thumbnail would hide a truncated original, so the tool checks first. Damage followed by a real
 * end marker is left to the decoder, which recovers as browsers do.
 */
final class JpegStructure {

  private static final int SOS = 0xDA;
  private static final int EOI = 0xD9;

  private JpegStructure() {}

  /** What the segment walk makes of a JPEG. */
  enum Integrity {
    /** The segments reach an end-of-image marker. */
    COMPLETE,
    /** The data stops: no end-of-image marker after the image data begins. */
    TRUNCATED,
    /**
     * The structure breaks somewhere (a block of garbage, a bad segment length), yet an
     * end-of-image marker follows: damage in the middle, which decoders (and browsers) paint over.
     */
    DAMAGED
  }

  /**
   * Tells a cut-short JPEG from one damaged in the middle. Inside entropy-coded data every 0xFF is
   * followed by 0x00 or a restart marker, so 0xFFD9 after the first scan begins is a real end
   * marker: a truncated file has none. Before any scan, only a final 0xFFD9 counts, since an EXIF
   * thumbnail in APP1 ends with one of its own.
   */
  static Integrity integrity(byte[] bytes) {
    if (isComplete(bytes)) {
      return Integrity.COMPLETE;
    }
    int scan = firstScanData(bytes)[0];
    boolean endMarker =
        scan < 0
            ? bytes.length >= 2
                && (bytes[bytes.length - 2] & 0xFF) == 0xFF
                && (bytes[bytes.length - 1] & 0xFF) == EOI
            : containsEndMarker(bytes, scan);
    return endMarker ? Integrity.DAMAGED : Integrity.TRUNCATED;
  }

  /**
   * A copy of a damaged sequential (baseline or extended) JPEG in which every stray marker inside
   * the image data, which would make Java's decoder give up ("Unsupported marker type"), is turned
   * into data: the decoder then paints garbage where the garbage is and goes on to the end, as
   * browsers do. Null for progressive or other JPEGs, whose scans are separated by real markers.
   */
  static byte @org.jspecify.annotations.Nullable [] withoutStrayMarkers(byte[] bytes) {
    int[] scan = firstScanData(bytes);
    if (scan[0] < 0 || !(scan[1] == 0xC0 || scan[1] == 0xC1)) {
      return null;
    }
    int end = bytes.length - 2;
    while (end > scan[0] && !((bytes[end] & 0xFF) == 0xFF && (bytes[end + 1] & 0xFF) == EOI)) {
      end--;
    }
    byte[] repaired = bytes.clone();
    for (int i = scan[0]; i < end; i++) {
      if ((repaired[i] & 0xFF) == 0xFF) {
        int next = repaired[i + 1] & 0xFF;
        if (next != 0x00 && !(next >= 0xD0 && next <= 0xD7)) {
          repaired[i] = 0x00;
        }
      }
    }
    return repaired;
  }

  /**
   * Index where the first scan's entropy-coded data starts (-1 if the walk cannot get there) and
   * the frame's start-of-frame marker (0 if none was seen).
   */
  private static int[] firstScanData(byte[] bytes) {
    int sof = 0;
    int at = 2;
    while (at + 3 < bytes.length) {
      if ((bytes[at] & 0xFF) != 0xFF) {
        return new int[] {-1, sof};
      }
      while (at < bytes.length && (bytes[at] & 0xFF) == 0xFF) {
        at++;
      }
      if (at + 2 >= bytes.length) {
        return new int[] {-1, sof};
      }
      int marker = bytes[at++] & 0xFF;
      if (marker == 0x01 || (marker >= 0xD0 && marker <= 0xD7)) {
        continue;
      }
      if (marker == EOI) {
        return new int[] {-1, sof};
      }
      if (marker >= 0xC0 && marker <= 0xCF && marker != 0xC4 && marker != 0xC8 && marker != 0xCC) {
        sof = marker;
      }
      int length = ((bytes[at] & 0xFF) << 8) | (bytes[at + 1] & 0xFF);
      if (length < 2) {
        return new int[] {-1, sof};
      }
      at += length;
      if (marker == SOS) {
        return new int[] {Math.min(at, bytes.length), sof};
      }
    }
    return new int[] {-1, sof};
  }

  private static boolean containsEndMarker(byte[] bytes, int from) {
    for (int i = from; i + 1 < bytes.length; i++) {
      if ((bytes[i] & 0xFF) == 0xFF && (bytes[i + 1] & 0xFF) == EOI) {
        return true;
      }
    }
    return false;
  }

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
