package dev.darkroom.batch.scan;

/**
 * Progress of a running scan, reported after each committed chunk.
 *
 * @param entries directory entries committed so far by this execution
 * @param lastPath the last path of the committed chunk
 */
public record ScanProgress(long scanId, long entries, String lastPath) {

  /** Receives progress; called from the scan's thread, must return quickly. */
  @FunctionalInterface
  public interface Listener {
    void onChunkCommitted(ScanProgress progress);

    Listener NONE = progress -> {};
  }
}
