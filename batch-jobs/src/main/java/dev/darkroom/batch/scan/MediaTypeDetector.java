package dev.darkroom.batch.scan;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.Arrays;
import java.util.Set;
import org.apache.tika.Tika;
import org.apache.tika.detect.TextDetector;
import org.apache.tika.metadata.Metadata;
import org.apache.tika.mime.MediaType;
import org.apache.tika.mime.MediaTypeRegistry;
import org.apache.tika.mime.MimeTypes;

/**
 * Media type from content, with the name only as a hint (ADR 0003).
 *
 * <p>Apache Tika's magic detection evaluates its whole table (440 rules, about 1,400 clauses) on
 * every call (0.25 ms or more per file, more than hashing 64 KiB), so it is asked only when it can
 * tell more than this class:
 *
 * <ol>
 *   <li>The common media formats are recognised by their leading signatures ({@link
 *       MediaSignatures}), giving the type Tika's magic gives for the same bytes; the name then
 *       refines it exactly as Tika does (the name's type wins only when it is a specialisation of
 *       the content's type, e.g. {@code video/mp4} for an ISO file, which Tika calls {@code
 *       video/quicktime}).
 *   <li>Families whose Tika type depends on deeper rules (ZIP containers, Ogg codecs, MPEG audio)
 *       go to Tika.
 *   <li>Anything else: the name's type (Tika's file-name globs, no content read) decides. If the
 *       name says nothing ({@code application/octet-stream}: no extension, an unknown one, {@code
 *       .bin}), or names a format whose signature is always there and was not ({@code .jpg}, {@code
 *       .png}, {@code .gif}, {@code .webp}): the content is {@code text/plain} or {@code
 *       application/octet-stream} by Tika's own text test, and the magic table is not evaluated.
 *       Otherwise (a document, a sidecar, a format this class does not know) Tika decides from
 *       content and name.
 * </ol>
 *
 * <p>Thread-safe.
 */
final class MediaTypeDetector {

  /** Tika's magic rules that matter for media sit well inside this prefix. */
  static final int HEAD_BYTES = 8 * 1024;

  private static final MimeTypes MIME_TYPES = MimeTypes.getDefaultMimeTypes();
  private static final MediaTypeRegistry REGISTRY = MIME_TYPES.getMediaTypeRegistry();

  /** Formats whose signature is always at the start: a file without it is not one of them. */
  private static final Set<MediaType> SIGNATURE_REQUIRED =
      Set.of(
          MediaType.image("jpeg"),
          MediaType.image("png"),
          MediaType.image("gif"),
          MediaType.image("webp"));

  private final Tika tika;

  MediaTypeDetector() {
    this(new Tika());
  }

  /** With the Tika instance used for the cases it decides (tests count its calls). */
  MediaTypeDetector(Tika tika) {
    this.tika = tika;
  }

  String detect(byte[] head, String fileName) {
    if (head.length == 0) {
      return tika.detect(head, fileName); // nothing to look at: the name, as Tika decides it
    }
    String signature = MediaSignatures.match(head);
    if (MediaSignatures.ASK_TIKA.equals(signature)) {
      return tikaDetect(head, fileName);
    }
    MediaType byName = MIME_TYPES.getMimeType(fileName).getType();
    if (signature != null) {
      MediaType byContent = MediaType.parse(signature);
      return REGISTRY.isSpecializationOf(byName, byContent) ? byName.toString() : signature;
    }
    if (byName.equals(MediaType.OCTET_STREAM) || requiresSignature(byName)) {
      return text(head);
    }
    return tikaDetect(head, fileName);
  }

  private static boolean requiresSignature(MediaType type) {
    for (MediaType required : SIGNATURE_REQUIRED) {
      if (type.equals(required) || REGISTRY.isSpecializationOf(type, required)) {
        return true;
      }
    }
    return false;
  }

  private String tikaDetect(byte[] head, String fileName) {
    byte[] prefix = head.length > HEAD_BYTES ? Arrays.copyOf(head, HEAD_BYTES) : head;
    return tika.detect(prefix, fileName);
  }

  /** What Tika's MIME magic answers when no pattern matches: its text test on the same bytes. */
  private static String text(byte[] head) {
    try {
      return new TextDetector(MIME_TYPES.getMinLength())
          .detect(
              new ByteArrayInputStream(head, 0, Math.min(head.length, HEAD_BYTES)), new Metadata())
          .toString();
    } catch (IOException e) {
      throw new IllegalStateException("reading a byte array failed", e);
    }
  }
}
