package dev.darkroom.web.mainjob;

import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;
import me.tongfei.progressbar.ProgressBar;

/**
 * Drives the scan's progress bar: files from committed chunks, the total once {@link TreeCount} has
 * counted the tree, and bytes as they are hashed (sampled four times a second, so a single large
 * file shows movement long before its chunk commits).
 */
final class ScanBarUpdater implements AutoCloseable {

  private static final long SAMPLE_MILLIS = 250;

  private final ProgressBar bar;
  private final TreeCount count;
  private final LongSupplier bytesRead;
  private final AtomicLong files = new AtomicLong();
  private final Thread thread;
  private volatile boolean running = true;

  private ScanBarUpdater(ProgressBar bar, TreeCount count, LongSupplier bytesRead) {
    this.bar = bar;
    this.count = count;
    this.bytesRead = bytesRead;
    this.thread = new Thread(this::loop, "scan-progress");
    thread.setDaemon(true);
  }

  static ScanBarUpdater start(ProgressBar bar, TreeCount count, LongSupplier bytesRead) {
    ScanBarUpdater updater = new ScanBarUpdater(bar, count, bytesRead);
    updater.thread.start();
    return updater;
  }

  /** A chunk committed; {@code entries} counts every entry of this scan so far. */
  void committed(long entries) {
    files.set(entries);
    refresh();
  }

  private void loop() {
    while (running) {
      refresh();
      try {
        Thread.sleep(SAMPLE_MILLIS);
      } catch (InterruptedException e) {
        return;
      }
    }
  }

  private synchronized void refresh() {
    long done = files.get();
    if (count.done()) {
      bar.maxHint(Math.max(count.files(), done));
    }
    bar.stepTo(done);
    bar.setExtraMessage(" " + bytes(bytesRead.getAsLong()) + " hashed" + ofTotal());
  }

  private String ofTotal() {
    return count.done() ? " of " + bytes(count.bytes()) + " in the tree" : "";
  }

  /** Human-readable bytes, binary units, one decimal above KiB. */
  static String bytes(long n) {
    if (n < 1024) {
      return n + " B";
    }
    String[] units = {"KiB", "MiB", "GiB", "TiB", "PiB"};
    double value = n;
    int unit = -1;
    while (value >= 1024 && unit < units.length - 1) {
      value /= 1024;
      unit++;
    }
    return String.format(java.util.Locale.ROOT, "%.1f %s", value, units[unit]);
  }

  @Override
  public void close() {
    running = false;
    thread.interrupt();
    try {
      thread.join(1000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    refresh();
  }
}
