package dev.darkroom.storage.filesystem;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * Originals are read-only: a store root inside an archive root would write under it, and an archive
 * root inside the store would let the sweeper delete originals. Paths are compared as real paths
 * (symlinks resolved) so that a link cannot hide an overlap; parts that do not exist yet are
 * resolved against their nearest existing ancestor, so the check runs before anything is created.
 */
final class StoreOverlapCheck {

  private StoreOverlapCheck() {}

  /** The overlapping archive root, if any. */
  static Optional<Path> overlappingArchiveRoot(Path storeRoot, List<Path> archiveRoots) {
    Path store = realPathOf(storeRoot);
    for (Path archiveRoot : archiveRoots) {
      Path archive = realPathOf(archiveRoot);
      if (store.startsWith(archive) || archive.startsWith(store)) {
        return Optional.of(archiveRoot);
      }
    }
    return Optional.empty();
  }

  static Path realPathOf(Path path) {
    Path absolute = path.toAbsolutePath().normalize();
    Path existing = absolute;
    while (existing != null && !Files.exists(existing)) {
      existing = existing.getParent();
    }
    if (existing == null) {
      return absolute;
    }
    try {
      return existing.toRealPath().resolve(existing.relativize(absolute)).normalize();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot resolve the real path of " + path, e);
    }
  }
}
