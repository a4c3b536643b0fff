package dev.darkroom.batch.tools;

import dev.darkroom.batch.sample.SampleArchive;
import dev.darkroom.batch.sample.SampleFile;
import dev.darkroom.core.tool.OriginalSource;
import dev.darkroom.core.tool.ToolInput;
import dev.darkroom.core.tool.ToolParameters;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/** Tool inputs over real files, opened read-only as the archive reader will open them. */
public final class ToolInputs {

  private ToolInputs() {}

  public static ToolInput of(Path file, String mediaType, ToolParameters parameters) {
    OriginalSource source =
        new OriginalSource() {
          @Override
          public java.io.InputStream open() throws IOException {
            return Files.newInputStream(file, StandardOpenOption.READ);
          }

          @Override
          public java.util.Optional<java.time.Instant> lastModified() {
            try {
              return java.util.Optional.of(Files.getLastModifiedTime(file).toInstant());
            } catch (IOException e) {
              return java.util.Optional.empty();
            }
          }
        };
    return new ToolInput(1L, mediaType, source, parameters);
  }

  /** The sample file under the media type its content really has. */
  public static ToolInput of(SampleArchive archive, SampleFile file, ToolParameters parameters) {
    String mediaType = file.mediaType() == null ? "application/octet-stream" : file.mediaType();
    return of(archive.resolve(file), mediaType, parameters);
  }

  public static ToolInput ofBytes(byte[] bytes, String mediaType, ToolParameters parameters) {
    return new ToolInput(1L, mediaType, () -> new ByteArrayInputStream(bytes), parameters);
  }

  /** An original that cannot be read, as when the archive's disk goes away mid-run. */
  public static ToolInput unreadable(String mediaType, ToolParameters parameters) {
    return new ToolInput(
        1L,
        mediaType,
        () -> {
          throw new IOException("Input/output error");
        },
        parameters);
  }
}
