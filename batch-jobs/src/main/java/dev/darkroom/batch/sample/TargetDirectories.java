package dev.darkroom.batch.sample;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

final class TargetDirectories {

  private TargetDirectories() {}

  /** Creates {@code dir} if needed; throws unless it is then an empty directory. */
  static Path prepareEmpty(Path dir) throws IOException {
    if (Files.exists(dir)) {
      if (!Files.isDirectory(dir)) {
        throw new NonEmptyDirectoryException(dir);
      }
      try (Stream<Path> entries = Files.list(dir)) {
        if (entries.findAny().isPresent()) {
          throw new NonEmptyDirectoryException(dir);
        }
      }
    } else {
      Files.createDirectories(dir);
    }
    return dir;
  }
}
