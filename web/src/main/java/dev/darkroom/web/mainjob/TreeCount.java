package dev.darkroom.web.mainjob;

import java.io.IOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Counts the regular files and their bytes under the archive roots on a background thread, from
 * directory listings and attributes only (no file is opened), so the scan's progress bar gets a
 * total. The scan itself does not wait for it; the count is a display hint and may differ slightly
 * from what the scan catalogs (it does not skip what the scan reports as problems).
 */
final class TreeCount {

  private final AtomicLong files = new AtomicLong();
  private final AtomicLong bytes = new AtomicLong();
  private volatile boolean done;
  private volatile boolean cancelled;

  /** Starts counting {@code roots} on a daemon thread. */
  static TreeCount start(List<Path> roots) {
    TreeCount count = new TreeCount();
    Thread thread = new Thread(() -> count.walk(roots), "scan-tree-count");
    thread.setDaemon(true);
    thread.start();
    return count;
  }

  /** Whether the walk has finished; {@link #files()} and {@link #bytes()} are then totals. */
  boolean done() {
    return done;
  }

  long files() {
    return files.get();
  }

  long bytes() {
    return bytes.get();
  }

  /** Stops the walk at the next entry (the scan finished first). */
  void cancel() {
    cancelled = true;
  }

  private void walk(List<Path> roots) {
    SimpleFileVisitor<Path> visitor =
        new SimpleFileVisitor<>() {
          @Override
          public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs) {
            return cancelled ? FileVisitResult.TERMINATE : FileVisitResult.CONTINUE;
          }

          @Override
          public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) {
            // Every entry that is not a directory is one scan entry (a file, or a problem).
            files.incrementAndGet();
            if (attrs.isRegularFile()) {
              bytes.addAndGet(attrs.size());
            }
            return cancelled ? FileVisitResult.TERMINATE : FileVisitResult.CONTINUE;
          }

          @Override
          public FileVisitResult visitFileFailed(Path file, IOException e) {
            files.incrementAndGet(); // the scan reports it as a problem
            return FileVisitResult.CONTINUE;
          }
        };
    try {
      for (Path root : roots) {
        if (cancelled) {
          break;
        }
        Files.walkFileTree(root, visitor);
      }
    } catch (IOException | RuntimeException e) {
      // A display hint only: without a total the bar stays indeterminate.
      return;
    }
    done = !cancelled;
  }
}
