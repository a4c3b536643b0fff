package dev.darkroom.batch.tools.metadata;

import java.nio.BufferUnderflowException;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * The pixel size of a HEIF file's primary image: the {@code ispe} property associated (in {@code
 * ipma}) with the item named by {@code pitm}, as ISO/IEC 23008-12 defines it.
 *
 * <p>metadata-extractor reports the first {@code ispe} it meets, which for a phone's photo is a 512
 * × 512 grid tile, not the picture (its issue #373, open since 2018). Phones store every photo as a
 * grid, so without this every iPhone picture would be catalogued as 512 × 512. Reading the four
 * boxes involved is a small, bounded walk over bytes already in memory; anything malformed gives
 * null, and the caller falls back to metadata-extractor's value.
 */
final class HeifPrimaryImageSize {

  private HeifPrimaryImageSize() {}

  /** {@code {width, height}} of the primary image, or null when the file does not say. */
  static int @Nullable [] of(byte[] file) {
    try {
      ByteBuffer meta = child(ByteBuffer.wrap(file), "meta");
      if (meta == null) {
        return null;
      }
      meta.position(meta.position() + 4); // FullBox version and flags
      ByteBuffer pitm = child(meta.duplicate(), "pitm");
      ByteBuffer iprp = child(meta.duplicate(), "iprp");
      if (pitm == null || iprp == null) {
        return null;
      }
      int pitmVersion = pitm.get();
      pitm.position(pitm.position() + 3); // flags
      long primary = pitmVersion == 0 ? readU16(pitm) : readU32(pitm);
      ByteBuffer ipco = child(iprp.duplicate(), "ipco");
      ByteBuffer ipma = child(iprp.duplicate(), "ipma");
      if (ipco == null || ipma == null) {
        return null;
      }
      List<ByteBuffer> properties = children(ipco);
      int version = ipma.get();
      int flags = (ipma.get() & 0xff) << 16 | (ipma.get() & 0xff) << 8 | (ipma.get() & 0xff);
      long entries = readU32(ipma);
      for (long e = 0; e < entries; e++) {
        long item = version < 1 ? readU16(ipma) : readU32(ipma);
        int associations = ipma.get() & 0xff;
        for (int a = 0; a < associations; a++) {
          int index = (flags & 1) != 0 ? readU16(ipma) & 0x7fff : ipma.get() & 0x7f;
          if (item != primary || index == 0 || index > properties.size()) {
            continue;
          }
          ByteBuffer property = properties.get(index - 1);
          if (type(property).equals("ispe")) {
            ByteBuffer body = body(property);
            body.position(body.position() + 4); // FullBox version and flags
            long width = readU32(body);
            long height = readU32(body);
            if (width > 0
                && height > 0
                && width <= Integer.MAX_VALUE
                && height <= Integer.MAX_VALUE) {
              return new int[] {(int) width, (int) height};
            }
          }
        }
      }
      return null;
    } catch (BufferUnderflowException | IllegalArgumentException | IndexOutOfBoundsException e) {
      return null;
    }
  }

  /** The body of the first box of that type among the boxes in {@code boxes}, or null. */
  private static @Nullable ByteBuffer child(ByteBuffer boxes, String type) {
    for (ByteBuffer box : children(boxes)) {
      if (type(box).equals(type)) {
        return body(box);
      }
    }
    return null;
  }

  /** Each box in the buffer, as a buffer from its header to its end. */
  private static List<ByteBuffer> children(ByteBuffer boxes) {
    List<ByteBuffer> found = new ArrayList<>();
    while (boxes.remaining() >= 8) {
      int start = boxes.position();
      long size = readU32(boxes);
      boxes.position(start + 8);
      if (size == 1) {
        size = boxes.getLong();
      } else if (size == 0) {
        size = boxes.limit() - start;
      }
      if (size < 8 || size > boxes.limit() - start) {
        break;
      }
      found.add(boxes.duplicate().position(start).limit(start + (int) size).slice());
      boxes.position(start + (int) size);
    }
    return found;
  }

  private static String type(ByteBuffer box) {
    byte[] type = new byte[4];
    box.duplicate().position(4).get(type);
    return new String(type, java.nio.charset.StandardCharsets.ISO_8859_1);
  }

  private static ByteBuffer body(ByteBuffer box) {
    long size = readU32(box.duplicate());
    return box.duplicate().position(size == 1 ? 16 : 8).slice();
  }

  private static int readU16(ByteBuffer buffer) {
    return buffer.getShort() & 0xffff;
  }

  private static long readU32(ByteBuffer buffer) {
    return buffer.getInt() & 0xffffffffL;
  }
}
