package dev.darkroom.batch.scan;

import dev.darkroom.core.catalog.ProblemKind;
import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.Comparator;
import java.util.Deque;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * Walks one archive root depth-first in a stable order (names sorted within each directory), so
 * that a walk can resume right after the last path a committed chunk contained.
 *
 * <p>It only lists directories and reads attributes; it never opens a file. Symbolic links are
 * followed while they stay inside the root; a link back to one of its own ancestors is reported as
 * a loop, not followed. The walk is iterative, so tree depth is bounded only by {@code maxDepth}. A
 * {@link DirectoryListener} hears when the walk goes into a directory and when it has finished one.
 * Not thread-safe.
 */
final class ArchiveWalker {

  /** Hears about directories as the walk goes; called from {@link #next()}. */
  interface DirectoryListener {

    /**
     * The walk goes into directory {@code rel} ({@code ""} for the root), listed successfully,
     * before any entry under it; also along the path of a resumed walk. {@code names} is its
     * listing, sorted ({@link String#compareTo}).
     */
    default void entering(String rel, List<String> names) {}

    /**
     * Every entry of directory {@code rel} has been yielded, or lay before the path a resumed walk
     * started after. {@code names} is its complete listing, sorted: every name in it was yielded
     * (as a file or a problem) or walked into.
     */
    default void finished(String rel, List<String> names) {}

    DirectoryListener NONE = new DirectoryListener() {};
  }

  private final Path realRoot;
  private final int maxDepth;
  private final Deque<Frame> stack = new ArrayDeque<>();
  private final Set<Path> ancestors = new HashSet<>();
  private final String @Nullable [] resume;
  private final List<WalkEntry> pending = new ArrayList<>();
  private final DirectoryListener listener;

  /**
   * @param resumeAfter a relative path the walk already yielded; the walk continues after it
   */
  ArchiveWalker(Path root, int maxDepth, @Nullable String resumeAfter) throws IOException {
    this(root, maxDepth, resumeAfter, DirectoryListener.NONE);
  }

  ArchiveWalker(Path root, int maxDepth, @Nullable String resumeAfter, DirectoryListener listener)
      throws IOException {
    this.realRoot = root.toRealPath();
    this.maxDepth = maxDepth;
    this.listener = listener;
    this.resume = resumeAfter == null ? null : resumeAfter.split("/");
    Listing children = list(root, "");
    if (children != null) {
      listener.entering("", children.nameList());
      ancestors.add(realRoot);
      stack.push(new Frame(root, "", realRoot, 0, children, resume != null));
    }
  }

  /** The next file or problem, or null when the root is exhausted. */
  @Nullable WalkEntry next() {
    while (true) {
      if (!pending.isEmpty()) {
        return pending.remove(0);
      }
      Frame frame = stack.peek();
      if (frame == null) {
        return null;
      }
      if (frame.index >= frame.children.size()) {
        stack.pop();
        ancestors.remove(frame.realDir);
        listener.finished(frame.rel, frame.children.nameList());
        continue;
      }
      int index = frame.index++;
      String name = frame.children.names[index];
      Path child = frame.children.paths[index];
      String rel = frame.rel.isEmpty() ? name : frame.rel + "/" + name;
      boolean onResumePath = false;
      if (frame.resuming) {
        String[] target = resume;
        int cmp = name.compareTo(target[frame.depth]);
        if (cmp < 0) {
          continue;
        }
        frame.resuming = false;
        if (cmp == 0) {
          if (frame.depth == target.length - 1) {
            continue; // the last entry a committed chunk held
          }
          onResumePath = true;
        }
      }
      visit(frame, child, name, rel, onResumePath);
    }
  }

  private void visit(Frame parent, Path child, String name, String rel, boolean onResumePath) {
    if (name.indexOf('\uFFFD') >= 0 && !Files.exists(parent.dir.resolve(name))) {
      pending.add(
          WalkEntry.problem(
              rel,
              child,
              ProblemKind.NOT_UTF8_NAME,
              "the name is not valid UTF-8, so it cannot be stored or reopened by name;"
                  + " rename it to include it"));
      return;
    }
    BasicFileAttributes attrs;
    try {
      attrs = Files.readAttributes(child, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
    } catch (NoSuchFileException e) {
      pending.add(vanished(rel, child));
      return;
    } catch (IOException e) {
      pending.add(WalkEntry.problem(rel, child, ProblemKind.UNREADABLE, describe(e)));
      return;
    }
    Path realDir = null;
    if (attrs.isSymbolicLink()) {
      Path real;
      try {
        real = child.toRealPath();
        attrs = Files.readAttributes(real, BasicFileAttributes.class);
      } catch (NoSuchFileException e) {
        pending.add(
            WalkEntry.problem(
                rel,
                child,
                ProblemKind.SYMLINK_OUTSIDE_ROOT,
                "broken symbolic link: its target does not exist"));
        return;
      } catch (IOException e) {
        ProblemKind kind =
            e.getMessage() != null && e.getMessage().contains("Too many levels")
                ? ProblemKind.SYMLINK_LOOP
                : ProblemKind.UNREADABLE;
        pending.add(WalkEntry.problem(rel, child, kind, describe(e)));
        return;
      }
      if (!real.startsWith(realRoot)) {
        pending.add(
            WalkEntry.problem(
                rel,
                child,
                ProblemKind.SYMLINK_OUTSIDE_ROOT,
                "symbolic link to " + real + ", outside the archive root: not followed"));
        return;
      }
      if (attrs.isDirectory()) {
        if (ancestors.contains(real)) {
          pending.add(
              WalkEntry.problem(
                  rel,
                  child,
                  ProblemKind.SYMLINK_LOOP,
                  "symbolic link back to its own ancestor " + real + ": not followed"));
          return;
        }
        realDir = real;
      }
    }
    if (attrs.isRegularFile()) {
      pending.add(WalkEntry.file(rel, child, attrs.size(), attrs.lastModifiedTime().toInstant()));
    } else if (attrs.isDirectory()) {
      descend(parent, child, rel, realDir, onResumePath);
    } else {
      pending.add(
          WalkEntry.problem(
              rel,
              child,
              ProblemKind.SPECIAL_FILE,
              "not a regular file (FIFO, socket or device): never opened"));
    }
  }

  private void descend(
      Frame parent, Path dir, String rel, @Nullable Path realDir, boolean onResumePath) {
    int depth = parent.depth + 1;
    if (depth > maxDepth) {
      pending.add(
          WalkEntry.problem(
              rel,
              dir,
              ProblemKind.TOO_DEEP,
              "deeper than darkroom.scan.max-depth=" + maxDepth + ": not scanned"));
      return;
    }
    Path real = realDir;
    if (real == null) {
      try {
        real = dir.toRealPath();
      } catch (IOException e) {
        pending.add(WalkEntry.problem(rel, dir, ProblemKind.UNREADABLE_DIRECTORY, describe(e)));
        return;
      }
    }
    Listing children = list(dir, rel);
    if (children != null) {
      listener.entering(rel, children.nameList());
      ancestors.add(real);
      stack.push(new Frame(dir, rel, real, depth, children, onResumePath));
    }
  }

  private @Nullable Listing list(Path dir, String rel) {
    List<Child> children = new ArrayList<>();
    try (DirectoryStream<Path> entries = Files.newDirectoryStream(dir)) {
      for (Path entry : entries) {
        children.add(new Child(entry.getFileName().toString(), entry));
      }
    } catch (NoSuchFileException e) {
      if (!rel.isEmpty()) {
        pending.add(vanished(rel, dir));
      }
      return null;
    } catch (IOException | RuntimeException e) {
      pending.add(
          WalkEntry.problem(
              rel.isEmpty() ? "." : rel,
              dir,
              ProblemKind.UNREADABLE_DIRECTORY,
              "cannot list directory: " + describe(e) + "; nothing under it is marked gone"));
      return null;
    }
    children.sort(Comparator.comparing(Child::name));
    return new Listing(children);
  }

  /**
   * A directory's children sorted by name. The entry's own path is kept: a name that is not valid
   * UTF-8 does not survive the round trip through a String.
   */
  private static final class Listing {
    final String[] names;
    final Path[] paths;

    Listing(List<Child> sorted) {
      names = new String[sorted.size()];
      paths = new Path[sorted.size()];
      for (int i = 0; i < names.length; i++) {
        names[i] = sorted.get(i).name();
        paths[i] = sorted.get(i).path();
      }
    }

    int size() {
      return names.length;
    }

    List<String> nameList() {
      return Collections.unmodifiableList(Arrays.asList(names));
    }
  }

  private record Child(String name, Path path) {}

  private static WalkEntry vanished(String rel, Path path) {
    return WalkEntry.problem(
        rel, path, ProblemKind.VANISHED, "disappeared while the scan was listing it");
  }

  static String describe(Exception e) {
    if (e instanceof AccessDeniedException) {
      return "permission denied";
    }
    String message = e.getMessage();
    return e.getClass().getSimpleName() + (message == null ? "" : ": " + message);
  }

  private static final class Frame {
    final Path dir;
    final String rel;
    final Path realDir;
    final int depth;
    final Listing children;
    int index;
    boolean resuming;

    Frame(Path dir, String rel, Path realDir, int depth, Listing children, boolean resuming) {
      this.dir = dir;
      this.rel = rel;
      this.realDir = realDir;
      this.depth = depth;
      this.children = children;
      this.resuming = resuming;
    }
  }
}
