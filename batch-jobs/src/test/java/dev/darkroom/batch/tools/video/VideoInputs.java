package dev.darkroom.batch.tools.video;

import dev.darkroom.core.tool.OriginalSource;
import dev.darkroom.core.tool.ToolInput;
import dev.darkroom.core.tool.ToolOutput;
import dev.darkroom.core.tool.ToolParameters;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;

/** Tool inputs over a video file, as the archive gives them: a path, read in place. */
final class VideoInputs {

  private VideoInputs() {}

  /** Counts how often the original's bytes were streamed (never, for a file read in place). */
  static final class FileOriginal implements OriginalSource {
    final Path file;
    final AtomicInteger opens = new AtomicInteger();

    FileOriginal(Path file) {
      this.file = file;
    }

    @Override
    public InputStream open() throws IOException {
      opens.incrementAndGet();
      return Files.newInputStream(file, StandardOpenOption.READ);
    }

    @Override
    public Optional<Path> file() {
      return Optional.of(file);
    }

    @Override
    public Optional<Instant> lastModified() {
      try {
        return Optional.of(Files.getLastModifiedTime(file).toInstant());
      } catch (IOException e) {
        return Optional.empty();
      }
    }
  }

  static ToolInput of(Path file, String mediaType) {
    return of(new FileOriginal(file), mediaType, ToolParameters.empty(), Map.of());
  }

  static ToolInput of(
      OriginalSource original,
      String mediaType,
      ToolParameters parameters,
      Map<String, ToolOutput> upstream) {
    return new ToolInput(1L, mediaType, original, parameters, upstream);
  }
}
