package dev.darkroom.core.tool;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Optional;

/**
 * Opens an asset's original for reading. The batch side backs it with the read-only archive; tests
 * with a file or bytes.
 */
@FunctionalInterface
public interface OriginalSource {

  /**
   * A new stream over the whole original; the caller closes it. Each call starts from the first
   * byte.
   *
   * @throws IOException if the original cannot be read (vanished, permissions, I/O error); tools
   *     report that as a transient failure
   */
  InputStream open() throws IOException;

  /**
   * When the original was last modified, as its file system records it; empty where unknown (bytes
   * in memory) or unreadable. Tools use it only as a last resort and say so (a copy or a backup
   * restore sets it to the day of the copy, not of the picture).
   */
  default Optional<Instant> lastModified() {
    return Optional.empty();
  }

  /**
   * The original as a file, for programs that read named files and seek in them (ffmpeg, ffprobe):
   * read-only, never to be written, moved or deleted. Empty where the original is not a local file
   * (bytes in memory); a tool then copies it to a temporary file of its own.
   */
  default Optional<Path> file() {
    return Optional.empty();
  }
}
