package dev.darkroom.batch.tools.raw;

import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import javax.imageio.ImageIO;

/**
 * TIFF-structured files laid out as CR2, NEF, ARW and DNG lay out theirs: a small RGB thumbnail or
 * JPEG in IFD0/IFD1, the camera's big JPEG preview where that camera puts it, and sensor data
 * (random bytes, or a lossless-JPEG header as in CR2) that must never be taken for a picture. No
 * real RAW file can be shipped with the project; the layouts follow the published structure of each
 * format (exiftool's tag documentation, the DNG specification).
 */
public final class RawFiles {

  /** The preview's colour: a thumbnail taken from the right place is mostly this red. */
  public static final Color PREVIEW_COLOUR = new Color(220, 30, 30);

  private static final int SHORT = 3;
  private static final int LONG = 4;
  private static final int ASCII = 2;

  private RawFiles() {}

  /** Canon CR2: IFD0 a JPEG-compressed full-size strip, IFD1 a small JPEG, IFD3 lossless raw. */
  public static byte[] cr2(int width, int height, int orientation) throws IOException {
    Tiff tiff = new Tiff(true);
    tiff.canon = true;
    Ifd ifd0 = tiff.ifd();
    ifd0.ascii(0x010F, "Canon")
        .ascii(0x0110, "Canon EOS 5D Mark IV")
        .shortValue(0x0112, orientation);
    ifd0.shortValue(0x0103, 6).strip(tiff.blob(jpeg(width, height, PREVIEW_COLOUR)));
    Ifd ifd1 = tiff.ifd();
    ifd1.shortValue(0x0103, 6).jpegPointer(tiff.blob(jpeg(160, 120, Color.BLUE)));
    Ifd ifd2 = tiff.ifd();
    ifd2.shortValue(0x0103, 1).strip(tiff.blob(new byte[64]));
    Ifd ifd3 = tiff.ifd();
    ifd3.shortValue(0x0103, 6).strip(tiff.blob(losslessJpeg(width * 2, height * 2)));
    ifd0.next = ifd1;
    ifd1.next = ifd2;
    ifd2.next = ifd3;
    return tiff.bytes(ifd0);
  }

  /** Nikon NEF: IFD0 a 160×120 RGB thumbnail, a SubIFD with JpgFromRaw, a SubIFD with CFA data. */
  public static byte[] nef(int width, int height, int orientation) throws IOException {
    Tiff tiff = new Tiff(false);
    Ifd ifd0 = tiff.ifd();
    ifd0.longValue(0x00FE, 1).ascii(0x010F, "NIKON CORPORATION").ascii(0x0110, "NIKON D750");
    ifd0.shortValue(0x0112, orientation).rgbThumbnail(tiff, 160, 120);
    Ifd preview = tiff.ifd();
    preview.longValue(0x00FE, 1).shortValue(0x0103, 6);
    preview.jpegPointer(tiff.blob(jpeg(width, height, PREVIEW_COLOUR)));
    Ifd sensor = tiff.ifd();
    sensor.longValue(0x00FE, 0).shortValue(0x0103, 34713).shortValue(0x0106, 32803);
    sensor.strip(tiff.blob(noise(4096)));
    ifd0.subIfds(preview, sensor);
    return tiff.bytes(ifd0);
  }

  /** A NEF whose only pictures are the RGB thumbnail and the sensor data. */
  public static byte[] nefWithoutPreview() throws IOException {
    Tiff tiff = new Tiff(false);
    Ifd ifd0 = tiff.ifd();
    ifd0.longValue(0x00FE, 1).ascii(0x010F, "NIKON CORPORATION").rgbThumbnail(tiff, 160, 120);
    Ifd sensor = tiff.ifd();
    sensor.longValue(0x00FE, 0).shortValue(0x0103, 34713).shortValue(0x0106, 32803);
    sensor.strip(tiff.blob(noise(4096)));
    ifd0.subIfds(sensor);
    return tiff.bytes(ifd0);
  }

  /** Sony ARW: IFD0 points at the preview JPEG itself, a SubIFD holds the CFA data. */
  public static byte[] arw(int width, int height, int orientation) throws IOException {
    Tiff tiff = new Tiff(true);
    Ifd ifd0 = tiff.ifd();
    ifd0.longValue(0x00FE, 1).ascii(0x010F, "SONY").ascii(0x0110, "ILCE-7M3");
    ifd0.shortValue(0x0112, orientation).shortValue(0x0103, 6);
    ifd0.jpegPointer(tiff.blob(jpeg(width, height, PREVIEW_COLOUR)));
    Ifd sensor = tiff.ifd();
    sensor.longValue(0x00FE, 0).shortValue(0x0103, 32767).shortValue(0x0106, 32803);
    sensor.strip(tiff.blob(noise(4096)));
    ifd0.subIfds(sensor);
    Ifd ifd1 = tiff.ifd();
    ifd1.shortValue(0x0103, 6).jpegPointer(tiff.blob(jpeg(160, 120, Color.BLUE)));
    ifd0.next = ifd1;
    return tiff.bytes(ifd0);
  }

  /** Adobe DNG: IFD0 a 160×120 RGB thumbnail with DNGVersion, SubIFDs: preview (JPEG), raw. */
  public static byte[] dng(int width, int height, int orientation) throws IOException {
    Tiff tiff = new Tiff(true);
    Ifd ifd0 = tiff.ifd();
    ifd0.longValue(0x00FE, 1).ascii(0x010F, "Google").ascii(0x0110, "Pixel 7");
    ifd0.bytes(0xC612, new byte[] {1, 4, 0, 0}).shortValue(0x0112, orientation);
    ifd0.rgbThumbnail(tiff, 160, 120);
    Ifd sensor = tiff.ifd();
    sensor.longValue(0x00FE, 0).shortValue(0x0103, 7).shortValue(0x0106, 32803);
    sensor.strip(tiff.blob(losslessJpeg(width * 2, height * 2)));
    Ifd preview = tiff.ifd();
    preview.longValue(0x00FE, 1).shortValue(0x0103, 7).shortValue(0x0106, 6);
    preview.strip(tiff.blob(jpeg(width, height, PREVIEW_COLOUR)));
    ifd0.subIfds(sensor, preview);
    return tiff.bytes(ifd0);
  }

  /** A plain RGB TIFF from the JDK's writer: not RAW, decoded as itself. */
  public static byte[] plainTiff(int width, int height) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ImageIO.write(picture(width, height, Color.GREEN), "tiff", out);
    return out.toByteArray();
  }

  static byte[] jpeg(int width, int height, Color colour) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ImageIO.write(picture(width, height, colour), "jpeg", out);
    return out.toByteArray();
  }

  /** A colour field with a black bar across the top quarter, so that rotation shows. */
  public static BufferedImage picture(int width, int height, Color colour) {
    BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
    Graphics2D g = image.createGraphics();
    g.setColor(colour);
    g.fillRect(0, 0, width, height);
    g.setColor(Color.BLACK);
    g.fillRect(0, 0, width, height / 4);
    g.dispose();
    return image;
  }

  /** The start of a lossless JPEG (SOF3), as CR2 and DNG store sensor data; no decoder reads it. */
  private static byte[] losslessJpeg(int width, int height) {
    ByteBuffer b = ByteBuffer.allocate(2048);
    b.put((byte) 0xFF).put((byte) 0xD8).put((byte) 0xFF).put((byte) 0xC3);
    b.putShort((short) 14).put((byte) 14).putShort((short) height).putShort((short) width);
    b.put((byte) 2).put(new byte[] {1, 0x11, 0, 2, 0x11, 0});
    b.put(noise(2048 - b.position() - 2)).put((byte) 0xFF).put((byte) 0xD9);
    return b.array();
  }

  private static byte[] noise(int length) {
    byte[] bytes = new byte[length];
    new Random(length).nextBytes(bytes);
    return bytes;
  }

  /** A blob of data placed after the header. */
  private record Blob(byte[] data) {}

  /** A minimal TIFF writer: blobs first, then each IFD with its out-of-line values. */
  private static final class Tiff {

    private final boolean littleEndian;
    private boolean canon;
    private final List<Blob> blobs = new ArrayList<>();
    private final List<Ifd> ifds = new ArrayList<>();

    Tiff(boolean littleEndian) {
      this.littleEndian = littleEndian;
    }

    Blob blob(byte[] data) {
      Blob blob = new Blob(data);
      blobs.add(blob);
      return blob;
    }

    Ifd ifd() {
      Ifd ifd = new Ifd();
      ifds.add(ifd);
      return ifd;
    }

    byte[] bytes(Ifd first) {
      Map<Object, Integer> at = new IdentityHashMap<>();
      int position = 16; // header, and room for CR2's "CR" signature at 8
      for (Blob blob : blobs) {
        at.put(blob, position);
        position += blob.data.length + (blob.data.length & 1);
      }
      for (Ifd ifd : ifds) {
        at.put(ifd, position);
        position += ifd.size();
      }
      ByteBuffer out =
          ByteBuffer.allocate(position)
              .order(littleEndian ? ByteOrder.LITTLE_ENDIAN : ByteOrder.BIG_ENDIAN);
      out.put(littleEndian ? (byte) 'I' : (byte) 'M').put(littleEndian ? (byte) 'I' : (byte) 'M');
      out.putShort((short) 42).putInt(at.get(first));
      if (canon) {
        out.put((byte) 'C').put((byte) 'R').put((byte) 2).put((byte) 0); // CR2 only reads this
      }
      for (Blob blob : blobs) {
        out.position(at.get(blob)).put(blob.data);
      }
      for (Ifd ifd : ifds) {
        ifd.write(out, at.get(ifd), at);
      }
      return out.array();
    }
  }

  /** One image file directory: entries by tag, values resolved when written. */
  private static final class Ifd {

    /** tag -> {type, values}; a value may be a Blob/Ifd (its offset) or a Blob length. */
    private final TreeMap<Integer, Object[]> entries = new TreeMap<>();

    Ifd next;

    Ifd shortValue(int tag, int value) {
      entries.put(tag, new Object[] {SHORT, new Object[] {value}});
      return this;
    }

    Ifd longValue(int tag, long value) {
      entries.put(tag, new Object[] {LONG, new Object[] {value}});
      return this;
    }

    Ifd ascii(int tag, String value) {
      entries.put(tag, new Object[] {ASCII, (value + "\0").getBytes(StandardCharsets.US_ASCII)});
      return this;
    }

    Ifd bytes(int tag, byte[] value) {
      entries.put(tag, new Object[] {1, value});
      return this;
    }

    /** One strip: StripOffsets, StripByteCounts, RowsPerStrip unset (one strip). */
    Ifd strip(Blob blob) {
      entries.put(0x0111, new Object[] {LONG, new Object[] {blob}});
      entries.put(0x0117, new Object[] {LONG, new Object[] {(long) blob.data.length}});
      return this;
    }

    /** JPEGInterchangeFormat and its length. */
    Ifd jpegPointer(Blob blob) {
      entries.put(0x0201, new Object[] {LONG, new Object[] {blob}});
      entries.put(0x0202, new Object[] {LONG, new Object[] {(long) blob.data.length}});
      return this;
    }

    Ifd subIfds(Ifd... subs) {
      entries.put(0x014A, new Object[] {LONG, (Object[]) subs});
      return this;
    }

    /** An uncompressed 8-bit RGB thumbnail, blue: never the picture the tool should choose. */
    Ifd rgbThumbnail(Tiff tiff, int width, int height) {
      byte[] pixels = new byte[width * height * 3];
      for (int i = 2; i < pixels.length; i += 3) {
        pixels[i] = (byte) 255;
      }
      longValue(0x0100, width).longValue(0x0101, height);
      entries.put(0x0102, new Object[] {SHORT, new Object[] {8, 8, 8}});
      shortValue(0x0103, 1).shortValue(0x0106, 2).shortValue(0x0115, 3).longValue(0x0116, height);
      return strip(tiff.blob(pixels));
    }

    int size() {
      int size = 2 + entries.size() * 12 + 4;
      for (Object[] entry : entries.values()) {
        int bytes = length(entry);
        if (bytes > 4) {
          size += bytes + (bytes & 1);
        }
      }
      return size;
    }

    private static int length(Object[] entry) {
      int type = (Integer) entry[0];
      if (entry[1] instanceof byte[] raw) {
        return raw.length;
      }
      int count = ((Object[]) entry[1]).length;
      return count * (type == SHORT ? 2 : 4);
    }

    void write(ByteBuffer out, int at, Map<Object, Integer> offsets) {
      int extra = at + 2 + entries.size() * 12 + 4;
      out.position(at);
      out.putShort((short) entries.size());
      for (Map.Entry<Integer, Object[]> e : entries.entrySet()) {
        Object[] entry = e.getValue();
        int type = (Integer) entry[0];
        int bytes = length(entry);
        int count = entry[1] instanceof byte[] raw ? raw.length : ((Object[]) entry[1]).length;
        out.putShort((short) (int) e.getKey()).putShort((short) type).putInt(count);
        int valueAt = out.position();
        if (bytes > 4) {
          out.putInt(extra);
          valueAt = extra;
          extra += bytes + (bytes & 1);
        } else {
          out.putInt(0);
        }
        int resume = out.position();
        out.position(valueAt);
        if (entry[1] instanceof byte[] raw) {
          out.put(raw);
        } else {
          for (Object value : (Object[]) entry[1]) {
            long number = value instanceof Number n ? n.longValue() : (long) offsets.get(value);
            if (type == SHORT) {
              out.putShort((short) number);
            } else {
              out.putInt((int) number);
            }
          }
        }
        out.position(resume);
      }
      out.putInt(next == null ? 0 : offsets.get(next));
    }
  }
}
