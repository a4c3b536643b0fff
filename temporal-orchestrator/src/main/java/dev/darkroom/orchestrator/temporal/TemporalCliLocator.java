package dev.darkroom.orchestrator.temporal;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/** Finds the {@code temporal} CLI: the configured path if given, else {@code temporal} on PATH. */
public final class TemporalCliLocator {

  static final String BINARY = "temporal";

  private TemporalCliLocator() {}

  /**
   * @param configured {@code darkroom.temporal.cli-path}; when set, only that file counts (a wrong
   *     path is not silently replaced by whatever is on PATH)
   * @return the executable, or empty when there is none
   */
  public static Optional<Path> find(@Nullable Path configured) {
    if (configured != null) {
      return isExecutable(configured) ? Optional.of(configured) : Optional.empty();
    }
    return findOnPath(System.getenv("PATH"));
  }

  static Optional<Path> findOnPath(@Nullable String path) {
    if (path == null || path.isBlank()) {
      return Optional.empty();
    }
    for (String dir : path.split(File.pathSeparator)) {
      if (dir.isBlank()) {
        continue;
      }
      Path candidate = Path.of(dir, BINARY);
      if (isExecutable(candidate)) {
        return Optional.of(candidate);
      }
    }
    return Optional.empty();
  }

  private static boolean isExecutable(Path file) {
    return Files.isRegularFile(file) && Files.isExecutable(file);
  }
}
