package dev.darkroom.storage.archive;

import java.io.IOException;
import java.io.InputStream;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The only way Darkroom opens originals: read-only opens, confined to the configured archive roots.
 *
 * <p>It offers no operation that writes, creates, moves or deletes anything. Relative paths use
 * {@code /} and must stay inside their root: {@code ..}, absolute paths and symbolic links that
 * resolve outside the root are refused with {@link PathOutsideArchiveException}. Thread-safe.
 */
public class ArchiveReader {

  private final Map<String, MountedRoot> roots;

  public ArchiveReader(List<Path> configuredRoots) {
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

  /** The configured roots, in configuration order. */
  public List<MountedRoot> roots() {
    return new ArrayList<>(roots.values());
  }

  public MountedRoot root(String name) {
    MountedRoot root = roots.get(name);
    if (root == null) {
      throw new ArchiveAccessException(
          "No archive root named '" + name + "'; configured roots: " + roots.keySet());
    }
    return root;
  }

  /**
   * Checks that a root is mounted: it exists and is a readable directory.
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
