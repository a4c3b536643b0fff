package dev.darkroom.storage.archive;

import java.nio.file.Path;
import java.util.Optional;

/**
 * Where the catalog says an archive root is mounted: the path the scan that registered it used
 * ({@code archive_root.path}). Lets every process sharing the catalog open originals of a root it
 * was not configured with.
 */
@FunctionalInterface
public interface CatalogRoots {

  /**
   * @return the root's absolute path, or empty when the catalog has no root of that name
   * @throws RuntimeException when the catalog cannot be asked (the caller reports it)
   */
  Optional<Path> find(String name);

  /** No catalog: only configured roots exist. */
  CatalogRoots NONE = name -> Optional.empty();
}
