package dev.darkroom.batch.scan;

import dev.darkroom.core.catalog.KnownLocation;
import dev.darkroom.core.catalog.LocationRepository;
import java.io.IOException;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import org.springframework.batch.infrastructure.item.ExecutionContext;
import org.springframework.batch.infrastructure.item.ItemStreamException;
import org.springframework.batch.infrastructure.item.ItemStreamReader;

/**
 * Reads every entry of every archive root, root after root, attaching the live location the catalog
 * has at each path (one query per directory).
 *
 * <p>Restartable: its state is the root index and the last path it returned, saved with each
 * committed chunk, and a restarted walk resumes right after that path. Returns null when all roots
 * are exhausted. Not thread-safe; the step reads from one thread.
 */
class ScanItemReader implements ItemStreamReader<FileCandidate> {

  static final String ROOT_KEY = "scan.reader.root";
  static final String LAST_PATH_KEY = "scan.reader.last-path";

  private final List<ScanRoot> roots;
  private final LocationRepository locations;
  private final int maxDepth;

  private int rootIndex;
  private @Nullable String lastPath;
  private @Nullable ArchiveWalker walker;
  private @Nullable String cachedDirectory;
  private Map<String, KnownLocation> knownInDirectory = Map.of();

  ScanItemReader(List<ScanRoot> roots, LocationRepository locations, int maxDepth) {
    this.roots = roots;
    this.locations = locations;
    this.maxDepth = maxDepth;
  }

  @Override
  public void open(ExecutionContext context) {
    rootIndex = context.containsKey(ROOT_KEY) ? context.getInt(ROOT_KEY) : 0;
    lastPath = context.containsKey(LAST_PATH_KEY) ? context.getString(LAST_PATH_KEY) : null;
    walker = null;
  }

  @Override
  public @Nullable FileCandidate read() {
    while (rootIndex < roots.size()) {
      ScanRoot root = roots.get(rootIndex);
      ArchiveWalker current = walker == null ? startWalker(root) : walker;
      WalkEntry entry = current.next();
      if (entry == null) {
        rootIndex++;
        lastPath = null;
        walker = null;
        cachedDirectory = null;
        continue;
      }
      lastPath = entry.relPath();
      return new FileCandidate(root, entry, entry.problem() == null ? known(root, entry) : null);
    }
    return null;
  }

  private ArchiveWalker startWalker(ScanRoot root) {
    try {
      walker = new ArchiveWalker(root.mounted().path(), maxDepth, lastPath);
      return walker;
    } catch (IOException e) {
      throw new ItemStreamException(
          "Cannot walk archive root '" + root.mounted().name() + "': " + e.getMessage(), e);
    }
  }

  private @Nullable KnownLocation known(ScanRoot root, WalkEntry entry) {
    String rel = entry.relPath();
    int slash = rel.lastIndexOf('/');
    String directory = slash < 0 ? "" : rel.substring(0, slash);
    if (!directory.equals(cachedDirectory)) {
      knownInDirectory = locations.liveInDirectory(root.id(), directory);
      cachedDirectory = directory;
    }
    return knownInDirectory.get(rel);
  }

  @Override
  public void update(ExecutionContext context) {
    context.putInt(ROOT_KEY, rootIndex);
    if (lastPath == null) {
      context.remove(LAST_PATH_KEY);
    } else {
      context.putString(LAST_PATH_KEY, lastPath);
    }
  }
}
