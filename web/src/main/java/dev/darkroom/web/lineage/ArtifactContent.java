package dev.darkroom.web.lineage;

import dev.darkroom.core.lineage.ArtifactInfo;
import dev.darkroom.core.storage.ArtifactKeys;
import dev.darkroom.core.storage.ArtifactStore;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpRange;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Component;

/**
 * Serves an artifact's bytes over HTTP: stored blobs are streamed from the {@link ArtifactStore}
 * (never held in memory), inline values are served as {@code application/json}.
 *
 * <ul>
 *   <li>{@code ETag} is the SHA-256 of the bytes; {@code If-None-Match} with it answers 304.
 *   <li>One byte range ({@code Range: bytes=0-1023}, {@code bytes=500-}, {@code bytes=-500})
 *       answers 206 with {@code Content-Range}; {@code If-Range} with another ETag gets the whole
 *       content. Several ranges get the whole content (200), which RFC 9110 allows. A range that
 *       starts past the end, or a header that is not a byte range, answers 416 with {@code
 *       Content-Range: bytes *}{@code /size}.
 *   <li>A restrictive {@code Content-Security-Policy} (sandbox, no scripts) and {@code nosniff}: an
 *       artifact derived from an archive file is never run as a page of this site.
 * </ul>
 */
@Component
public class ArtifactContent {

  static final String JSON = "application/json";

  private static final String SANDBOX =
      "default-src 'none'; img-src 'self' data:; media-src 'self'; style-src 'unsafe-inline';"
          + " sandbox";

  private final ArtifactStore store;

  ArtifactContent(ArtifactStore store) {
    this.store = store;
  }

  /** Writes the response for {@code GET} (or {@code HEAD}) of the artifact's content. */
  public void write(ArtifactInfo artifact, HttpServletRequest request, HttpServletResponse response)
      throws IOException {
    Body body = body(artifact);
    String etag = "\"" + body.sha256() + "\"";
    if (matches(request.getHeader(HttpHeaders.IF_NONE_MATCH), etag)) {
      commonHeaders(response, etag);
      response.setStatus(HttpStatus.NOT_MODIFIED.value());
      return;
    }
    String range = request.getHeader(HttpHeaders.RANGE);
    String ifRange = request.getHeader(HttpHeaders.IF_RANGE);
    if (range != null && (ifRange == null || ifRange.strip().equals(etag))) {
      List<HttpRange> ranges;
      try {
        ranges = HttpRange.parseRanges(range);
      } catch (IllegalArgumentException e) {
        unsatisfiable(
            response,
            body.size(),
            "the Range header '"
                + shorten(range)
                + "' is not a byte range; ask for e.g. bytes=0-1023, bytes=1024- or bytes=-1024");
        return;
      }
      if (ranges.size() == 1) {
        long start;
        long end;
        try {
          start = ranges.get(0).getRangeStart(body.size());
          end = Math.min(ranges.get(0).getRangeEnd(body.size()), body.size() - 1);
        } catch (IllegalArgumentException e) {
          start = 0;
          end = -1;
        }
        if (start >= body.size() || start > end) {
          unsatisfiable(
              response,
              body.size(),
              "the range "
                  + shorten(range)
                  + " lies outside the content, which has "
                  + body.size()
                  + " bytes");
          return;
        }
        long length = end - start + 1;
        try (InputStream in = body.open(start, length)) {
          commonHeaders(response, etag);
          response.setStatus(HttpStatus.PARTIAL_CONTENT.value());
          response.setHeader(
              HttpHeaders.CONTENT_RANGE, "bytes " + start + "-" + end + "/" + body.size());
          response.setContentType(body.mediaType());
          response.setContentLengthLong(length);
          copy(in, response.getOutputStream());
        }
        return;
      }
    }
    try (InputStream in = body.open(0, body.size())) {
      commonHeaders(response, etag);
      response.setStatus(HttpStatus.OK.value());
      response.setContentType(body.mediaType());
      response.setContentLengthLong(body.size());
      copy(in, response.getOutputStream());
    }
  }

  /** The bytes of an artifact: where they come from, how many, their hash and media type. */
  private record Body(
      String mediaType, long size, String sha256, ArtifactStore store, String key, byte[] inline) {

    InputStream open(long offset, long length) {
      if (key.isEmpty()) {
        return new ByteArrayInputStream(inline, (int) offset, (int) length);
      }
      return store.get(key, offset, length);
    }
  }

  private Body body(ArtifactInfo artifact) {
    String key = artifact.storageKey();
    if (key == null) {
      byte[] bytes =
          (artifact.inlineJson() == null ? "null" : artifact.inlineJson())
              .getBytes(StandardCharsets.UTF_8);
      return new Body(JSON, bytes.length, sha256(bytes), store, "", bytes);
    }
    long size =
        artifact.sizeBytes() != null ? artifact.sizeBytes() : store.stat(key).artifact().size();
    String sha = artifact.sha256() != null ? artifact.sha256() : ArtifactKeys.sha256Of(key);
    String mediaType =
        artifact.mediaType() != null ? artifact.mediaType() : "application/octet-stream";
    return new Body(mediaType, size, sha, store, key, new byte[0]);
  }

  private static void commonHeaders(HttpServletResponse response, String etag) {
    response.setHeader(HttpHeaders.ETAG, etag);
    response.setHeader(HttpHeaders.ACCEPT_RANGES, "bytes");
    // An artifact id's bytes never change (a new run makes a new artifact), but access is
    // per user: private caches only.
    response.setHeader(HttpHeaders.CACHE_CONTROL, "private, max-age=86400");
    response.setHeader("Content-Security-Policy", SANDBOX);
    response.setHeader("X-Content-Type-Options", "nosniff");
  }

  private static void unsatisfiable(HttpServletResponse response, long size, String detail)
      throws IOException {
    response.setStatus(HttpStatus.REQUESTED_RANGE_NOT_SATISFIABLE.value());
    response.setHeader(HttpHeaders.CONTENT_RANGE, "bytes */" + size);
    response.setContentType("application/problem+json");
    String json =
        "{\"type\":\"https://darkroom.dev/problems/range-not-satisfiable\","
            + "\"title\":\"Range not satisfiable\",\"status\":416,\"detail\":"
            + jsonString(detail)
            + "}";
    byte[] bytes = json.getBytes(StandardCharsets.UTF_8);
    response.setContentLength(bytes.length);
    response.getOutputStream().write(bytes);
  }

  private static boolean matches(String ifNoneMatch, String etag) {
    if (ifNoneMatch == null) {
      return false;
    }
    for (String candidate : ifNoneMatch.split(",")) {
      String c = candidate.strip();
      if (c.equals("*") || c.equals(etag) || c.equals("W/" + etag)) {
        return true;
      }
    }
    return false;
  }

  private static void copy(InputStream in, OutputStream out) throws IOException {
    in.transferTo(out);
    out.flush();
  }

  private static String sha256(byte[] bytes) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every Java runtime has SHA-256", e);
    }
  }

  private static String shorten(String text) {
    return text.length() > 60 ? text.substring(0, 60) + "…" : text;
  }

  private static String jsonString(String text) {
    StringBuilder out = new StringBuilder("\"");
    for (char c : text.toCharArray()) {
      if (c == '"' || c == '\\') {
        out.append('\\').append(c);
      } else if (c < 0x20) {
        out.append(String.format("\\u%04x", (int) c));
      } else {
        out.append(c);
      }
    }
    return out.append('"').toString();
  }
}
