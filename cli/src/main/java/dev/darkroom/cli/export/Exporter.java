package dev.darkroom.cli.export;

import dev.darkroom.cli.api.ApiClient;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * Downloads one artifact into a directory so that an interrupted export can be resumed: bytes go to
 * {@code NAME.part} (continued with a {@code Range} request next time), and only a file whose
 * SHA-256 equals the artifact's becomes {@code NAME}. A file already there is kept only when its
 * hash matches.
 */
final class Exporter {

  /** What happened to one file. */
  enum Outcome {
    PRESENT,
    RESUMED,
    DOWNLOADED
  }

  private final ApiClient api;

  Exporter(ApiClient api) {
    this.api = api;
  }

  Outcome fetch(ExportItem item, Path target) throws IOException {
    String want = item.sha256();
    if (Files.isRegularFile(target)) {
      if (sha256(target).equals(want)) {
        return Outcome.PRESENT;
      }
      Files.delete(target); // changed or damaged since: fetch it again
    }
    Path part = target.resolveSibling(target.getFileName() + ".part");
    boolean resumed = Files.isRegularFile(part) && Files.size(part) > 0;
    download(item, part);
    if (!sha256(part).equals(want)) {
      // A partial file from another artifact version, or a damaged one: once more from scratch.
      Files.delete(part);
      resumed = false;
      download(item, part);
      String got = sha256(part);
      if (!got.equals(want)) {
        Files.delete(part);
        throw new IOException(
            "artifact "
                + item.artifact().path("id").asString()
                + " of asset "
                + item.assetId()
                + " arrived with SHA-256 "
                + got
                + ", not the "
                + want
                + " the server recorded; nothing was kept");
      }
    }
    Files.move(part, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    return resumed ? Outcome.RESUMED : Outcome.DOWNLOADED;
  }

  private void download(ExportItem item, Path part) throws IOException {
    long have = Files.isRegularFile(part) ? Files.size(part) : 0;
    long size = item.artifact().path("sizeBytes").asLong(-1);
    if (size >= 0 && have >= size) {
      have = 0; // as long as the whole or longer: not a prefix to continue
    }
    HttpResponse<InputStream> response =
        api.download("/api/artifacts/" + item.artifact().path("id").asString() + "/content", have);
    boolean append = response.statusCode() == 206;
    try (InputStream in = response.body();
        OutputStream out =
            Files.newOutputStream(
                part,
                StandardOpenOption.CREATE,
                StandardOpenOption.WRITE,
                append ? StandardOpenOption.APPEND : StandardOpenOption.TRUNCATE_EXISTING)) {
      in.transferTo(out);
    }
  }

  static String sha256(Path file) throws IOException {
    MessageDigest digest;
    try {
      digest = MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every JVM has SHA-256", e);
    }
    try (InputStream in = new DigestInputStream(Files.newInputStream(file), digest)) {
      in.transferTo(OutputStream.nullOutputStream());
    }
    return HexFormat.of().formatHex(digest.digest());
  }
}
