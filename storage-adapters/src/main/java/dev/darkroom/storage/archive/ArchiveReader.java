package dev.darkroom.storage.archive;

import java.io.IOException;
import java.io.InputStream;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The only way Darkroom opens originals: read-only opens, confined to the archive roots.
 *
 * <p>A root is known by name: the configured roots ({@code darkroom.archive.roots}) first, then the
 * catalog's ({@link CatalogRoots}, the path its scan used), so a server or worker sharing the
 * catalog needs no second configuration. A configured root overrides the catalog's path of the same
 * name (a Kubernetes pod mounting the archive elsewhere than the scanning host). Catalog look-ups
 * are kept for {@link #CATALOG_TTL}; a name the catalog does not know is asked again.
 *
 * <p>It offers no operation that writes, creates, moves or deletes anything. Relative paths use
 * {@code /} and must stay inside their root: {@code ..}, absolute paths and symbolic links that
 * resolve outside the root are refused with {@link PathOutsideArchiveException}. Thread-safe.
 */
public class ArchiveReader {

  /** How long a root found in the catalog is trusted before it is looked up again. */
  static final Duration CATALOG_TTL = Duration.ofSeconds(30);

  private final Map<String, MountedRoot> roots;
  private final CatalogRoots catalog;
  private final Map<String, Found> fromCatalog = new ConcurrentHashMap<>();

  private record Found(MountedRoot root, Instant at) {}

  public ArchiveReader(List<Path> configuredRoots) {
    this(configuredRoots, CatalogRoots.NONE);
  }

  public ArchiveReader(List<Path> configuredRoots, CatalogRoots catalog) {
    this.catalog = catalog;
    Map<String, MountedRoot> byName = new LinkedHashMap<>();
    for (Path configured : configuredRoots) {
      Path path = configured.toAbsolutePath().normalize();
      Path fileName = path.getFileName();
      String name = fileName == null ? "root" : fileName.toString();
      MountedRoot previous = byName.putIfAbsent(name, new MountedRoot(name, path));
      if (previous != null) {
        throw new IllegalArgumentException(
            "Two archive roots are both named '"
                + name
                + "' ("
                + previous.path()
                + " and "
                + path
                + "); roots are known by their last path component, which must be unique.");
      }
    }
    this.roots = byName;
  }

  /** The configured roots, in configuration order (what a scan walks). */
  public List<MountedRoot> roots() {
    return new ArrayList<>(roots.values());
  }

  /**
   * The root of that name: configured, else known to the catalog.
   *
   * @throws ArchiveAccessException when neither knows it
   */
  public MountedRoot root(String name) {
    MountedRoot root = roots.get(name);
    if (root != null) {
      return root;
    }
    Found found = fromCatalog.get(name);
    if (found != null && found.at().plus(CATALOG_TTL).isAfter(Instant.now())) {
      return found.root();
    }
    Path path = catalog.find(name).orElse(null);
    if (path == null) {
      throw new ArchiveAccessException(
          "No archive root named '"
              + name
              + "': it is neither configured here (darkroom.archive.roots: "
              + roots.keySet()
              + ") nor known to the catalog. Scan it once, or configure it.");
    }
    MountedRoot catalogued = new MountedRoot(name, path.toAbsolutePath().normalize());
    fromCatalog.put(name, new Found(catalogued, Instant.now()));
    return catalogued;
  }

  /**
   * Checks that a root (configured or known to the catalog) is mounted: it exists and is a readable
   * directory.
   *
   * @throws ArchiveRootNotMountedException naming the root when it is not
   */
  public MountedRoot requireMounted(String name) {
    MountedRoot root = root(name);
    if (!Files.exists(root.path())) {
      throw new ArchiveRootNotMountedException(name, root.path(), "the directory does not exist");
    }
    if (!Files.isDirectory(root.path())) {
      throw new ArchiveRootNotMountedException(name, root.path(), "it is not a directory");
    }
    if (!Files.isReadable(root.path())) {
      throw new ArchiveRootNotMountedException(name, root.path(), "it is not readable");
    }
    return root;
  }

  /**
   * Resolves a relative path inside a root, refusing anything that would leave it. The file need
   * not exist; if it (or a parent) is a symbolic link, its target must be inside the root.
   */
  public Path resolve(String rootName, String relPath) {
    MountedRoot root = root(rootName);
    if (relPath.isEmpty() || relPath.startsWith("/") || relPath.indexOf('\0') >= 0) {
      throw new PathOutsideArchiveException(rootName, relPath, "not a relative path");
    }
    Path candidate = root.path().resolve(relPath).normalize();
    if (!candidate.startsWith(root.path()) || candidate.equals(root.path())) {
      throw new PathOutsideArchiveException(rootName, relPath, "it leaves the root");
    }
    requireInsideRealRoot(root, candidate, relPath);
    return candidate;
  }

  /** Opens a file of the archive for reading. Nothing else is possible through this class. */
  public InputStream open(String rootName, String relPath) throws IOException {
    return Files.newInputStream(resolve(rootName, relPath), StandardOpenOption.READ);
  }

  /** Opens a file of the archive as a read-only channel (for hashing and ranged reads). */
  public FileChannel openChannel(String rootName, String relPath) throws IOException {
    return FileChannel.open(resolve(rootName, relPath), StandardOpenOption.READ);
  }

  /**
   * Opens a path the caller already found inside a root (for example while walking it), after the
   * same confinement check as {@link #resolve}.
   */
  public FileChannel openChannel(MountedRoot root, Path path) throws IOException {
    Path normalized = path.toAbsolutePath().normalize();
    if (!normalized.startsWith(root.path())) {
      throw new PathOutsideArchiveException(root.name(), path.toString(), "it leaves the root");
    }
    requireInsideRealRoot(root, normalized, root.path().relativize(normalized).toString());
    return FileChannel.open(normalized, StandardOpenOption.READ);
  }

  private static void requireInsideRealRoot(MountedRoot root, Path candidate, String relPath) {
    try {
      Path realRoot = root.path().toRealPath();
      Path existing = candidate;
      while (existing != null && !Files.exists(existing, LinkOption.NOFOLLOW_LINKS)) {
        existing = existing.getParent();
      }
      if (existing == null) {
        return;
      }
      Path real = existing.toRealPath();
      if (!real.startsWith(realRoot)) {
        throw new PathOutsideArchiveException(
            root.name(), relPath, "a symbolic link leads outside the root, to " + real);
      }
    } catch (IOException e) {
      throw new ArchiveAccessException(
          "Cannot resolve '" + relPath + "' in archive root '" + root.name() + "': " + e, e);
    }
  }
}
