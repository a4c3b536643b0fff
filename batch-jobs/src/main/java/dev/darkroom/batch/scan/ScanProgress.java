package dev.darkroom.batch.scan;

import org.jspecify.annotations.Nullable;

/**
 * Progress of a running scan, reported after each committed chunk.
 *
 * @param entries directory entries committed so far by this execution, unchanged files included
 * @param lastPath the last file or problem path of the committed chunk; null when the chunk held
 *     only unchanged files and directory marks
 */
public record ScanProgress(long scanId, long entries, @Nullable String lastPath) {

  /** Receives progress; called from the scan's thread, must return quickly. */
  @FunctionalInterface
  public interface Listener {
    void onChunkCommitted(ScanProgress progress);

    Listener NONE = progress -> {};
  }
}
