package dev.darkroom.batch.scan;

import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * The leading signatures of the media formats a photo and video archive is made of, each mapped to
 * the type Apache Tika's magic table (tika-core 3.x) gives the same bytes, so the two agree
 * (MediaTypeDetectorTest checks every entry against Tika). A handful of comparisons on the first
 * bytes instead of Tika's whole table.
 *
 * <p>Families whose Tika type hangs on deeper rules (ZIP containers by their first entry, Ogg by
 * codec, MPEG audio, ID3-tagged audio) are recognised but answered with {@link #ASK_TIKA}.
 */
final class MediaSignatures {

  /** The content belongs to a family Tika refines further: ask it. */
  static final String ASK_TIKA = "ask-tika";

  /** ISO base media (HEIF, AVIF, MP4, QuickTime, 3GPP): the major brand after "ftyp". */
  private static final Map<String, String> FTYP_BRANDS =
      Map.ofEntries(
          Map.entry("heic", "image/heic"),
          Map.entry("heix", "image/heic"),
          Map.entry("hevc", "image/heic-sequence"),
          Map.entry("hevx", "image/heic-sequence"),
          Map.entry("mif1", "image/heif"),
          Map.entry("msf1", "image/heif-sequence"),
          Map.entry("avif", "image/avif"),
          Map.entry("crx ", "image/x-canon-cr3"),
          Map.entry("mp41", "video/mp4"),
          Map.entry("mp42", "video/mp4"),
          Map.entry("M4V ", "video/x-m4v"),
          Map.entry("M4VH", "video/x-m4v"),
          Map.entry("M4VP", "video/x-m4v"),
          Map.entry("M4A ", "audio/mp4"),
          Map.entry("M4B ", "audio/mp4"),
          Map.entry("F4A ", "audio/mp4"),
          Map.entry("F4B ", "audio/mp4"),
          Map.entry("3ge6", "video/3gpp"),
          Map.entry("3ge7", "video/3gpp"),
          Map.entry("3gg6", "video/3gpp"),
          Map.entry("3gp1", "video/3gpp"),
          Map.entry("3gp2", "video/3gpp"),
          Map.entry("3gp3", "video/3gpp"),
          Map.entry("3gp4", "video/3gpp"),
          Map.entry("3gp5", "video/3gpp"),
          Map.entry("3gp6", "video/3gpp"),
          Map.entry("3gs7", "video/3gpp"),
          Map.entry("3g2a", "video/3gpp2"),
          Map.entry("3g2b", "video/3gpp2"),
          Map.entry("3g2c", "video/3gpp2"));

  /** Any other brand: Tika's general "ftyp" rule. */
  private static final String FTYP_OTHER = "video/quicktime";

  /** Older QuickTime files start with one of these atoms instead (then a zero byte). */
  private static final String[] QUICKTIME_ATOMS = {"moov", "mdat", "free", "skip", "pnot"};

  private static final byte[] JXL_BOX = hex("0000000C4A584C200D0A870A");
  private static final byte[] MATROSKA = hex("1A45DFA3");
  private static final byte[] MATROSKA_DOCTYPE = hex("1A45DFA3934282886D6174726F736B61");

  private MediaSignatures() {}

  /** The media type of content starting with {@code head}, {@link #ASK_TIKA}, or null. */
  static @Nullable String match(byte[] head) {
    if (head.length < 2) {
      return null;
    }
    String byFirstByte = byFirstByte(head);
    return byFirstByte != null ? byFirstByte : isoMedia(head);
  }

  private static @Nullable String byFirstByte(byte[] head) {
    int b0 = head[0] & 0xFF;
    int b1 = head[1] & 0xFF;
    switch (b0) {
      case 0xFF:
        if (b1 == 0xD8 && at(head, 2, 0xFF)) {
          return "image/jpeg";
        }
        if (b1 == 0x0A) {
          return "image/jxl";
        }
        if (b1 >= 0xE0) {
          return ASK_TIKA; // MPEG audio frame sync
        }
        return null;
      case 0x89:
        return startsWith(head, 0, "\u0089PNG\r\n\u001a\n") ? "image/png" : null;
      case 'G':
        return startsWith(head, 0, "GIF87a") || startsWith(head, 0, "GIF89a") ? "image/gif" : null;
      case 'R':
        if (startsWith(head, 0, "RIFF")) {
          if (startsWith(head, 8, "WEBP")) {
            return "image/webp";
          }
          if (startsWith(head, 8, "AVI ")) {
            return "video/x-msvideo";
          }
          if (startsWith(head, 8, "WAVE")) {
            return "audio/vnd.wave";
          }
        }
        return null;
      case 'I':
        if (startsWith(head, 0, "II*\u0000")) {
          return tiff(head);
        }
        if (startsWith(head, 0, "ID3")) {
          return ASK_TIKA; // MP3 or AAC: Tika looks past the tag
        }
        return null;
      case 'M':
        return startsWith(head, 0, "MM\u0000*") || startsWith(head, 0, "MM\u0000+")
            ? tiff(head)
            : null;
      case '%':
        return startsWith(head, 0, "%PDF-") ? "application/pdf" : null;
      case 0xEF:
        return startsWith(head, 0, "\u00ef\u00bb\u00bf%PDF-") ? "application/pdf" : null;
      case '8':
        return startsWith(head, 0, "8BPS\u0000\u0001") || startsWith(head, 0, "8BPS\u0000\u0002")
            ? "image/vnd.adobe.photoshop"
            : null;
      case 'f':
        return startsWith(head, 0, "fLaC") ? "audio/x-flac" : null;
      case 'O':
        return startsWith(head, 0, "OggS") ? ASK_TIKA : null;
      case 'P':
        return startsWith(head, 0, "PK") ? ASK_TIKA : null;
      case 0x1A:
        if (startsWith(head, 0, MATROSKA)) {
          return startsWith(head, 0, MATROSKA_DOCTYPE) ? "video/x-matroska" : matroskaDocType(head);
        }
        return null;
      default:
        return null;
    }
  }

  /**
   * The EBML header's DocType element (ID 0x4282), which ffmpeg and most muxers write after other
   * header elements rather than first, where Tika's magic looks: {@code matroska} or {@code webm}.
   */
  private static String matroskaDocType(byte[] head) {
    int end = Math.min(head.length, 64);
    for (int i = 4; i + 3 < end; i++) {
      if ((head[i] & 0xFF) == 0x42 && (head[i + 1] & 0xFF) == 0x82) {
        int sizeByte = head[i + 2] & 0xFF;
        if ((sizeByte & 0x80) == 0) {
          break; // only one-byte sizes are used for a doctype
        }
        int length = sizeByte & 0x7F;
        if (i + 3 + length > head.length) {
          break;
        }
        String docType = new String(head, i + 3, length, StandardCharsets.ISO_8859_1);
        if (docType.equals("matroska")) {
          return "video/x-matroska";
        }
        if (docType.equals("webm")) {
          return "video/webm";
        }
        break;
      }
    }
    return "application/x-matroska";
  }

  private static String tiff(byte[] head) {
    return startsWith(head, 8, "CR") ? "image/x-canon-cr2" : "image/tiff";
  }

  /** A box at offset 0: "ftyp" and its major brand, or an old QuickTime atom. */
  private static @Nullable String isoMedia(byte[] head) {
    if (head.length < 8) {
      return null;
    }
    if (startsWith(head, 4, "ftyp")) {
      if (head.length < 12) {
        return FTYP_OTHER;
      }
      String brand = new String(head, 8, 4, StandardCharsets.ISO_8859_1);
      return FTYP_BRANDS.getOrDefault(brand, FTYP_OTHER);
    }
    for (String atom : QUICKTIME_ATOMS) {
      if (startsWith(head, 4, atom) && at(head, 8, 0)) {
        return "video/quicktime";
      }
    }
    if (startsWith(head, 0, "\u0000\u0000\u0000\u0008wide")) {
      return "video/quicktime";
    }
    if (startsWith(head, 0, JXL_BOX)) {
      return "image/jxl";
    }
    return null;
  }

  private static boolean at(byte[] data, int offset, int value) {
    return data.length > offset && (data[offset] & 0xFF) == value;
  }

  /** {@code signature} in ISO-8859-1, one byte per char. */
  private static boolean startsWith(byte[] data, int offset, String signature) {
    if (data.length < offset + signature.length()) {
      return false;
    }
    for (int i = 0; i < signature.length(); i++) {
      if (data[offset + i] != (byte) signature.charAt(i)) {
        return false;
      }
    }
    return true;
  }

  private static boolean startsWith(byte[] data, int offset, byte[] signature) {
    if (data.length < offset + signature.length) {
      return false;
    }
    for (int i = 0; i < signature.length; i++) {
      if (data[offset + i] != signature[i]) {
        return false;
      }
    }
    return true;
  }

  private static byte[] hex(String hex) {
    return HexFormat.of().parseHex(hex);
  }
}
