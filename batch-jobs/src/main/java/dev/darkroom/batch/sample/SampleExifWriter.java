package dev.darkroom.batch.sample;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.time.format.DateTimeFormatter;
import java.util.Random;
import org.apache.commons.imaging.ImagingException;
import org.apache.commons.imaging.formats.jpeg.exif.ExifRewriter;
import org.apache.commons.imaging.formats.tiff.constants.ExifTagConstants;
import org.apache.commons.imaging.formats.tiff.constants.TiffTagConstants;
import org.apache.commons.imaging.formats.tiff.write.TiffOutputDirectory;
import org.apache.commons.imaging.formats.tiff.write.TiffOutputSet;

/** Puts EXIF into JPEG bytes: well-formed with Commons Imaging, or deliberately broken by hand. */
final class SampleExifWriter {

  static final DateTimeFormatter EXIF_DATE_TIME =
      DateTimeFormatter.ofPattern("yyyy:MM:dd HH:mm:ss");

  private SampleExifWriter() {}

  /** The JPEG with an APP1 Exif segment holding {@code exif}. */
  static byte[] withExif(byte[] jpeg, SampleExif exif) {
    try {
      // Little-endian ("II"), as Canon, Fujifilm and Apple write it.
      TiffOutputSet set = new TiffOutputSet(ByteOrder.LITTLE_ENDIAN);
      String when = EXIF_DATE_TIME.format(exif.captureTime());
      TiffOutputDirectory root = set.getOrCreateRootDirectory();
      root.add(TiffTagConstants.TIFF_TAG_MAKE, exif.make());
      root.add(TiffTagConstants.TIFF_TAG_MODEL, exif.model());
      root.add(TiffTagConstants.TIFF_TAG_ORIENTATION, (short) exif.orientation());
      root.add(TiffTagConstants.TIFF_TAG_DATE_TIME, when);
      TiffOutputDirectory exifDirectory = set.getOrCreateExifDirectory();
      exifDirectory.add(ExifTagConstants.EXIF_TAG_DATE_TIME_ORIGINAL, when);
      exifDirectory.add(ExifTagConstants.EXIF_TAG_DATE_TIME_DIGITIZED, when);
      if (exif.lensModel() != null) {
        exifDirectory.add(ExifTagConstants.EXIF_TAG_LENS_MODEL, exif.lensModel());
      }
      if (exif.gps() != null) {
        set.setGpsInDegrees(exif.gps().longitude(), exif.gps().latitude());
      }
      ByteArrayOutputStream out = new ByteArrayOutputStream(jpeg.length + 1024);
      new ExifRewriter().updateExifMetadataLossless(jpeg, out, set);
      return out.toByteArray();
    } catch (ImagingException e) {
      throw new IllegalStateException("Commons Imaging rejected sample EXIF " + exif, e);
    } catch (IOException e) {
      throw new UncheckedIOException("writing EXIF in memory failed", e);
    }
  }

  /**
   * The JPEG with an APP1 Exif segment (after SOI and JFIF APP0) whose TIFF structure is nonsense:
   * a Make entry pointing far outside the segment, an Exif sub-IFD pointer to nowhere, an entry of
   * an undefined type, a next-IFD offset past the end, then random bytes. The image data stays
   * intact.
   */
  static byte[] withCorruptExif(byte[] jpeg, Random random) {
    ByteBuffer tiff = ByteBuffer.allocate(8 + 2 + 3 * 12 + 4 + 64).order(ByteOrder.LITTLE_ENDIAN);
    tiff.put((byte) 'I').put((byte) 'I').putShort((short) 42).putInt(8);
    tiff.putShort((short) 3);
    entry(tiff, 0x010F, 2, 0x7FFF_FFF0, 0xFFFF_FF00); // Make: ASCII, absurd count and offset
    entry(tiff, 0x8769, 4, 1, 0x0FFF_FFFF); // ExifIFDPointer past the end of any file
    entry(tiff, 0x0132, 0x00FF, 20, 0xDEAD_BEEF); // DateTime with an undefined field type
    tiff.putInt(0xFFFF_FFF0); // next IFD
    byte[] garbage = new byte[64];
    random.nextBytes(garbage);
    tiff.put(garbage);

    byte[] header = "Exif\0\0".getBytes(StandardCharsets.US_ASCII);
    int segmentLength = 2 + header.length + tiff.capacity();
    int at = afterJfifHeader(jpeg);
    ByteBuffer out = ByteBuffer.allocate(jpeg.length + 2 + segmentLength);
    out.put(jpeg, 0, at);
    out.put((byte) 0xFF).put((byte) 0xE1).putShort((short) segmentLength); // big-endian, as JPEG is
    out.put(header).put(tiff.array());
    out.put(jpeg, at, jpeg.length - at);
    return out.array();
  }

  /** Offset just after SOI and, when present, the JFIF APP0 segment (which decoders want first). */
  private static int afterJfifHeader(byte[] jpeg) {
    int at = 2;
    if ((jpeg[at] & 0xFF) == 0xFF && (jpeg[at + 1] & 0xFF) == 0xE0) {
      at += 2 + (((jpeg[at + 2] & 0xFF) << 8) | (jpeg[at + 3] & 0xFF));
    }
    return at;
  }

  private static void entry(ByteBuffer tiff, int tag, int type, int count, int valueOrOffset) {
    tiff.putShort((short) tag).putShort((short) type).putInt(count).putInt(valueOrOffset);
  }
}
