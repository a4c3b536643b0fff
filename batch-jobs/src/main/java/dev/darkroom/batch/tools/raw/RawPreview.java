package dev.darkroom.batch.tools.raw;

import com.drew.imaging.ImageMetadataReader;
import com.drew.imaging.ImageProcessingException;
import com.drew.metadata.Directory;
import com.drew.metadata.Metadata;
import com.drew.metadata.exif.ExifDirectoryBase;
import com.drew.metadata.exif.ExifIFD0Directory;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.Arrays;
import java.util.Optional;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * The largest JPEG preview a camera embedded in its RAW file, with the orientation the RAW's first
 * directory records (previews carry none of their own). CR2, NEF, ARW and DNG are TIFF-structured:
 * metadata-extractor lists their directories (IFD0, IFD1, SubIFDs) and each preview is either a
 * {@code JPEGInterchangeFormat}/{@code Length} pair or a single JPEG-compressed strip. Only
 * baseline, extended and progressive JPEGs count: the raw sensor data of CR2 and many DNGs is
 * itself a lossless JPEG (SOF3), which ImageIO cannot decode and which is not a picture anyway.
 *
 * <p>This is what {@code exiftool -b -PreviewImage / -JpgFromRaw} extract, without a child process.
 * The preview is the camera's own rendering, usually full size on CR2/NEF/DNG and 1616 px on ARW.
 */
public final class RawPreview {

  /** A preview's bytes and the RAW's orientation (1..8; 1 when unrecorded). */
  public record Preview(byte[] jpeg, int width, int height, int orientation) {}

  private static final int TAG_JPEG_OFFSET = 0x0201;
  private static final int TAG_JPEG_LENGTH = 0x0202;
  private static final int TAG_DNG_VERSION = 0xC612;
  private static final int PHOTOMETRIC_CFA = 32803;
  private static final int PHOTOMETRIC_LINEAR_RAW = 34892;

  /** Old-style and new-style JPEG compression in TIFF. */
  private static final Set<Integer> JPEG_COMPRESSION = Set.of(6, 7);

  private RawPreview() {}

  /**
   * Whether a TIFF-structured file is camera RAW rather than a plain TIFF: it has a DNG version, a
   * colour-filter-array or linear-raw image, or is a CR2. A plain TIFF is decoded as itself.
   */
  public static boolean isRaw(byte[] tiff) {
    if (tiff.length > 10 && tiff[8] == 'C' && tiff[9] == 'R') {
      return true; // CR2's signature after the TIFF header
    }
    Metadata metadata = readOrNull(tiff);
    if (metadata == null) {
      return false;
    }
    for (ExifDirectoryBase directory : metadata.getDirectoriesOfType(ExifDirectoryBase.class)) {
      Integer photometric = directory.getInteger(ExifDirectoryBase.TAG_PHOTOMETRIC_INTERPRETATION);
      if (directory.containsTag(TAG_DNG_VERSION)
          || Integer.valueOf(PHOTOMETRIC_CFA).equals(photometric)
          || Integer.valueOf(PHOTOMETRIC_LINEAR_RAW).equals(photometric)) {
        return true;
      }
    }
    return false;
  }

  /** The largest decodable embedded JPEG, by pixels, or empty when the file has none. */
  public static Optional<Preview> largest(byte[] raw) {
    Metadata metadata = readOrNull(raw);
    if (metadata == null) {
      return Optional.empty();
    }
    Preview best = null;
    for (ExifDirectoryBase directory : metadata.getDirectoriesOfType(ExifDirectoryBase.class)) {
      for (long[] span : spans(directory)) {
        Preview candidate = candidate(raw, span[0], span[1]);
        if (candidate != null
            && (best == null
                || (long) candidate.width() * candidate.height()
                    > (long) best.width() * best.height())) {
          best = candidate;
        }
      }
    }
    if (best == null) {
      return Optional.empty();
    }
    return Optional.of(
        new Preview(best.jpeg(), best.width(), best.height(), orientation(metadata)));
  }

  /** Offset and length of every JPEG this directory points to. */
  private static long[][] spans(Directory directory) {
    long[][] found = new long[2][];
    int n = 0;
    Long offset = longValue(directory, TAG_JPEG_OFFSET);
    Long length = longValue(directory, TAG_JPEG_LENGTH);
    if (offset != null && length != null) {
      found[n++] = new long[] {offset, length};
    }
    Integer compression = directory.getInteger(ExifDirectoryBase.TAG_COMPRESSION);
    long[] strips = longArray(directory, ExifDirectoryBase.TAG_STRIP_OFFSETS);
    long[] counts = longArray(directory, ExifDirectoryBase.TAG_STRIP_BYTE_COUNTS);
    if (compression != null
        && JPEG_COMPRESSION.contains(compression)
        && strips != null
        && counts != null
        && strips.length == 1
        && counts.length == 1) {
      found[n++] = new long[] {strips[0], counts[0]};
    }
    return Arrays.copyOf(found, n);
  }

  private static @Nullable Preview candidate(byte[] raw, long offset, long length) {
    if (offset < 0 || length < 4 || offset + length > raw.length) {
      return null;
    }
    int from = (int) offset;
    int to = (int) (offset + length);
    if ((raw[from] & 0xFF) != 0xFF || (raw[from + 1] & 0xFF) != 0xD8) {
      return null;
    }
    int[] size = pictureSize(raw, from, to);
    if (size == null) {
      return null;
    }
    return new Preview(Arrays.copyOfRange(raw, from, to), size[0], size[1], 1);
  }

  /**
   * Width and height from a baseline (SOF0), extended (SOF1) or progressive (SOF2) frame header;
   * null for lossless or other JPEG processes, or when there is none.
   */
  private static int @Nullable [] pictureSize(byte[] b, int from, int to) {
    int at = from + 2;
    while (at + 9 < to) {
      if ((b[at] & 0xFF) != 0xFF) {
        return null;
      }
      int marker = b[at + 1] & 0xFF;
      if (marker == 0xFF) {
        at++;
        continue;
      }
      int segment = ((b[at + 2] & 0xFF) << 8) | (b[at + 3] & 0xFF);
      if (marker >= 0xC0 && marker <= 0xCF && marker != 0xC4 && marker != 0xC8 && marker != 0xCC) {
        if (marker > 0xC2) {
          return null; // lossless, hierarchical or arithmetic: raw data, not a preview
        }
        int height = ((b[at + 5] & 0xFF) << 8) | (b[at + 6] & 0xFF);
        int width = ((b[at + 7] & 0xFF) << 8) | (b[at + 8] & 0xFF);
        return width > 0 && height > 0 ? new int[] {width, height} : null;
      }
      if (marker == 0xDA || segment < 2) {
        return null; // scan data before any frame header
      }
      at += 2 + segment;
    }
    return null;
  }

  private static int orientation(Metadata metadata) {
    ExifIFD0Directory ifd0 = metadata.getFirstDirectoryOfType(ExifIFD0Directory.class);
    Integer value = ifd0 == null ? null : ifd0.getInteger(ExifDirectoryBase.TAG_ORIENTATION);
    return value != null && value >= 1 && value <= 8 ? value : 1;
  }

  private static @Nullable Metadata readOrNull(byte[] tiff) {
    try {
      return ImageMetadataReader.readMetadata(new ByteArrayInputStream(tiff));
    } catch (ImageProcessingException | IOException | RuntimeException e) {
      return null; // not TIFF-structured after all: no previews
    }
  }

  private static @Nullable Long longValue(Directory directory, int tag) {
    long[] values = longArray(directory, tag);
    return values == null || values.length == 0 ? null : values[0];
  }

  private static long @Nullable [] longArray(Directory directory, int tag) {
    Object value = directory.getObject(tag);
    if (value instanceof Number number) {
      return new long[] {number.longValue()};
    }
    if (value instanceof int[] ints) {
      return Arrays.stream(ints).mapToLong(i -> i & 0xFFFFFFFFL).toArray();
    }
    if (value instanceof long[] longs) {
      return longs;
    }
    if (value instanceof short[] shorts) {
      long[] out = new long[shorts.length];
      for (int i = 0; i < shorts.length; i++) {
        out[i] = shorts[i] & 0xFFFF;
      }
      return out;
    }
    return null;
  }
}
