package dev.darkroom.batch.scan;

import dev.darkroom.core.catalog.CatalogWriter;
import dev.darkroom.core.catalog.KnownLocation;
import dev.darkroom.core.catalog.LocationRepository;
import dev.darkroom.core.catalog.ScannedFile;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import org.springframework.batch.infrastructure.item.ExecutionContext;
import org.springframework.batch.infrastructure.item.ItemStreamException;
import org.springframework.batch.infrastructure.item.ItemStreamReader;

/**
 * Reads every entry of every archive root, root after root, attaching the live location the catalog
 * has at each path (loaded a few sibling directories per query).
 *
 * <p>An unchanged file (a live location with the same size and mtime, not to be re-hashed) is not
 * an item of its own: the reader counts it into the next item, and a run of {@value
 * #UNCHANGED_PER_ITEM} of them makes an item without an entry. The catalog writes nothing for them
 * (ADR 0004); what it needs is what the walk learned about directories: when the walk has finished
 * a directory, the live locations there whose names were not in its listing are {@link
 * ScannedFile.Vanished vanished} (closed only by mark-gone, once the root's share is known), and
 * the directory is {@link ScannedFile.DirectoryListed listed}, so the live locations left in it
 * count as seen. A live location where the walk now finds a directory is vanished too. These marks
 * ride on the next item the reader returns, so they are committed with or after the directory's
 * last entry; each root ends with an item that carries the marks of its last directories.
 *
 * <p>A file at a path without a live location, but where a location closed as gone had the same
 * size and mtime, carries that location ({@link FileCandidate#restored()}): it reopens, unread.
 *
 * <p>A root that yields nothing although the catalog knows live files there is refused before any
 * of its locations is closed ({@link EmptyArchiveRootException}): an empty mount point looks
 * exactly like that.
 *
 * <p>Restartable: its state is the root index and the last path it passed (the last returned item's
 * entry, or the last unchanged file it counted), saved with each committed chunk, and a restarted
 * walk resumes right after that path (it finishes the directories on that path again, so their
 * marks are made again; every mark is idempotent). Returns null when all roots are exhausted. Not
 * thread-safe; the step reads from one thread.
 */
class ScanItemReader implements ItemStreamReader<FileCandidate> {

  static final String ROOT_KEY = "scan.reader.root";
  static final String LAST_PATH_KEY = "scan.reader.last-path";

  /** Unchanged files counted into one item at most. */
  static final int UNCHANGED_PER_ITEM = 100;

  /** Directory marks carried by one item at most. */
  static final int MARKS_PER_ITEM = 100;

  /** Sibling directories whose live locations are loaded by one query. */
  static final int DIRECTORIES_PER_QUERY = 32;

  private final List<ScanRoot> roots;
  private final LocationRepository locations;
  private final int maxDepth;
  private final long scanId;
  private final boolean fullRescan;

  private int rootIndex;
  private @Nullable String lastPath;
  private @Nullable ArchiveWalker walker;

  /** The directories the walk is in, and siblings whose live locations were loaded ahead. */
  private final Map<String, Directory> directories = new HashMap<>();

  /** The directory of the last entry, and its path: most entries share it. */
  private @Nullable Directory current;

  private @Nullable String currentPath;

  /** Directory marks made since the last item returned. */
  private List<ScannedFile> marks = new ArrayList<>();

  /** Unchanged files counted since the last item returned. */
  private int unchanged;

  /** Entries the current root yielded in this process. */
  private long yielded;

  /** Whether the current root's walk resumed after a path an earlier execution committed. */
  private boolean resumed;

  ScanItemReader(
      List<ScanRoot> roots,
      LocationRepository locations,
      int maxDepth,
      long scanId,
      boolean fullRescan) {
    this.roots = roots;
    this.locations = locations;
    this.maxDepth = maxDepth;
    this.scanId = scanId;
    this.fullRescan = fullRescan;
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
        FileCandidate last = takeRun(root);
        rootIndex++;
        lastPath = null;
        walker = null;
        forgetDirectories();
        if (last != null) {
          return last;
        }
        continue;
      }
      yielded++;
      lastPath = entry.relPath();
      KnownLocation at = directoryOf(root, entry.relPath()).meet(entry.relPath());
      if (entry.problem() != null) {
        return take(root, entry, null);
      }
      if (at == null && entry.size() > 0 && !fullRescan) {
        KnownLocation restored = directoryOf(root, entry.relPath()).restorable(entry);
        if (restored != null) {
          return take(root, entry, null, restored);
        }
      }
      if (!isUnchanged(entry, at)) {
        return take(root, entry, at);
      }
      unchanged++;
      if (unchanged >= UNCHANGED_PER_ITEM || marks.size() >= MARKS_PER_ITEM) {
        return takeRun(root);
      }
    }
    return null;
  }

  /** Same size and mtime as the live location, and (in a full rescan) already hashed by it. */
  private boolean isUnchanged(WalkEntry entry, @Nullable KnownLocation at) {
    return at != null
        && entry.size() > 0
        && at.matches(entry.size(), CatalogWriter.toStoredPrecision(entry.mtime()))
        && (!fullRescan || at.hashedScan() == scanId);
  }

  private FileCandidate take(ScanRoot root, WalkEntry entry, @Nullable KnownLocation at) {
    return take(root, entry, at, null);
  }

  private FileCandidate take(
      ScanRoot root,
      WalkEntry entry,
      @Nullable KnownLocation at,
      @Nullable KnownLocation restored) {
    FileCandidate item = new FileCandidate(root, entry, at, takeMarks(), unchanged, restored);
    unchanged = 0;
    return item;
  }

  /** An item for the unchanged files and marks counted so far, or null if there are none. */
  private @Nullable FileCandidate takeRun(ScanRoot root) {
    if (unchanged == 0 && marks.isEmpty()) {
      return null;
    }
    FileCandidate item = new FileCandidate(root, null, null, takeMarks(), unchanged, null);
    unchanged = 0;
    return item;
  }

  private List<ScannedFile> takeMarks() {
    if (marks.isEmpty()) {
      return List.of();
    }
    List<ScannedFile> taken = marks;
    marks = new ArrayList<>();
    return taken;
  }

  private ArchiveWalker startWalker(ScanRoot root) {
    yielded = 0;
    unchanged = 0;
    resumed = lastPath != null;
    marks = new ArrayList<>();
    forgetDirectories();
    try {
      walker = new ArchiveWalker(root.mounted().path(), maxDepth, lastPath, new Marks(root));
      return walker;
    } catch (IOException e) {
      throw new ItemStreamException(
          "Cannot walk archive root '" + root.mounted().name() + "': " + e.getMessage(), e);
    }
  }

  private void forgetDirectories() {
    directories.clear();
    current = null;
    currentPath = null;
  }

  /** The directory holding {@code relPath}, its live locations loaded. */
  private Directory directoryOf(ScanRoot root, String relPath) {
    int slash = relPath.lastIndexOf('/');
    int length = Math.max(slash, 0);
    if (current != null
        && currentPath.length() == length
        && relPath.regionMatches(0, currentPath, 0, length)) {
      return current;
    }
    currentPath = slash < 0 ? "" : relPath.substring(0, slash);
    current = loaded(root, currentPath);
    return current;
  }

  /**
   * Directory {@code path} with its live locations. When they are not loaded yet, those of the next
   * sibling directories (by the parent's listing; a name that turns out to be a file costs an index
   * probe) are loaded with them.
   */
  private Directory loaded(ScanRoot root, String path) {
    Directory directory = directories.computeIfAbsent(path, p -> new Directory());
    if (directory.live != null) {
      return directory;
    }
    List<String> batch = new ArrayList<>();
    batch.add(path);
    Directory parent = path.isEmpty() ? null : directories.get(parentOf(path));
    if (parent != null && parent.names != null) {
      String prefix = parentOf(path).isEmpty() ? "" : parentOf(path) + "/";
      int at = Collections.binarySearch(parent.names, nameOf(path));
      for (int i = at + 1;
          at >= 0 && i < parent.names.size() && batch.size() < DIRECTORIES_PER_QUERY;
          i++) {
        String sibling = prefix + parent.names.get(i);
        Directory known = directories.get(sibling);
        if (known == null || known.live == null) {
          batch.add(sibling);
          parent.loadedAhead.add(sibling);
        }
      }
    }
    LocationRepository.InDirectories found = locations.knownInDirectories(root.id(), batch);
    for (String dir : batch) {
      Directory loadedDirectory = directories.computeIfAbsent(dir, d -> new Directory());
      loadedDirectory.live = found.live().getOrDefault(dir, Map.of());
      loadedDirectory.closed = found.closed().getOrDefault(dir, Map.of());
    }
    return directory;
  }

  /** What the reader keeps about one directory while the walk is in it or near it. */
  private static final class Directory {

    /** Live locations by relative path; null until loaded. */
    @Nullable Map<String, KnownLocation> live;

    /** Locations closed as gone, newest per relative path; loaded with {@link #live}. */
    Map<String, KnownLocation> closed = Map.of();

    /** Its listing, once the walk went into it. */
    @Nullable List<String> names;

    /** Live locations met as an entry (a file or a problem at their path) in this process. */
    int met;

    /** Siblings of children loaded ahead with one of them: forgotten when this one is finished. */
    final List<String> loadedAhead = new ArrayList<>();

    /** The live location at {@code relPath}, counted as met, or null. */
    @Nullable KnownLocation meet(String relPath) {
      KnownLocation location = live.get(relPath);
      if (location != null) {
        met++;
      }
      return location;
    }

    /** A closed location at the entry's path with its size and mtime, or null. */
    @Nullable KnownLocation restorable(WalkEntry entry) {
      KnownLocation location = closed.get(entry.relPath());
      return location != null
              && location.matches(entry.size(), CatalogWriter.toStoredPrecision(entry.mtime()))
          ? location
          : null;
    }
  }

  /** Turns the walk's directory events into catalog marks for one root. */
  private final class Marks implements ArchiveWalker.DirectoryListener {

    private final ScanRoot root;

    Marks(ScanRoot root) {
      this.root = root;
    }

    @Override
    public void entering(String rel, List<String> names) {
      directories.computeIfAbsent(rel, d -> new Directory()).names = names;
      if (rel.isEmpty()) {
        return;
      }
      KnownLocation file = loaded(root, parentOf(rel)).live.get(rel);
      if (file != null) {
        marks.add(new ScannedFile.Vanished(root.id(), rel, file.id()));
      }
    }

    @Override
    public void finished(String rel, List<String> names) {
      if (rel.isEmpty() && yielded == 0 && (!resumed || names.isEmpty())) {
        long live = locations.countLive(root.id());
        if (live > 0) {
          throw new EmptyArchiveRootException(root.mounted().name(), root.mounted().path(), live);
        }
      }
      Directory directory = loaded(root, rel);
      // Every live location met as an entry is still there; only a shortfall needs the listing
      // (always so in a resumed walk, which did not meet the entries before its resume path).
      if (directory.met < directory.live.size()) {
        for (KnownLocation location : directory.live.values()) {
          if (Collections.binarySearch(names, nameOf(location.relPath())) < 0) {
            marks.add(new ScannedFile.Vanished(root.id(), location.relPath(), location.id()));
          }
        }
      }
      marks.add(new ScannedFile.DirectoryListed(root.id(), rel));
      directories.remove(rel);
      directory.loadedAhead.forEach(directories::remove); // those that were files, not directories
      if (current != null && !directories.containsKey(currentPath)) {
        current = null;
        currentPath = null;
      }
    }
  }

  private static String parentOf(String relPath) {
    return ScannedFile.parentOf(relPath);
  }

  private static String nameOf(String relPath) {
    return relPath.substring(relPath.lastIndexOf('/') + 1);
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
