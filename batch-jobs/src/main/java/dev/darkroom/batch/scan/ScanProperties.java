package dev.darkroom.batch.scan;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Tuning of the catalog scan ({@code darkroom.scan.*}).
 *
 * @param chunkSize items per committed chunk, an item being a file to read, a problem, or a run of
 *     up to 100 unchanged files (not read); a crash redoes at most one chunk
 * @param threads threads hashing files ahead of the scan step ({@link ReadAheadReader}); 0 means
 *     one per CPU core
 * @param maxDepth deepest directory level scanned; deeper directories are reported, not scanned
 * @param maxGoneShare a scan that would mark more than this share (0..1) of a root's live locations
 *     gone, and more than {@code maxGoneFloor} of them, refuses and marks none gone unless it was
 *     started with allow-mass-gone (an emptied or half-mounted root looks exactly like that)
 * @param maxGoneFloor that many locations may always go at once, whatever their share
 */
@ConfigurationProperties("darkroom.scan")
public record ScanProperties(
    @DefaultValue("500") int chunkSize,
    @DefaultValue("0") int threads,
    @DefaultValue("1024") int maxDepth,
    @DefaultValue("0.5") double maxGoneShare,
    @DefaultValue("10") long maxGoneFloor) {

  public ScanProperties {
    if (chunkSize < 1) {
      throw new IllegalArgumentException("darkroom.scan.chunk-size must be at least 1");
    }
    if (threads < 0) {
      throw new IllegalArgumentException("darkroom.scan.threads must be 0 (auto) or more");
    }
    if (maxDepth < 1) {
      throw new IllegalArgumentException("darkroom.scan.max-depth must be at least 1");
    }
    if (!(maxGoneShare >= 0 && maxGoneShare <= 1)) {
      throw new IllegalArgumentException(
          "darkroom.scan.max-gone-share must be between 0 and 1 (0.5 is half), was "
              + maxGoneShare);
    }
    if (maxGoneFloor < 0) {
      throw new IllegalArgumentException("darkroom.scan.max-gone-floor must be 0 or more");
    }
  }

  /** Whether closing {@code gone} of {@code live} locations of one root needs allow-mass-gone. */
  public boolean isMassGone(long gone, long live) {
    return gone > maxGoneFloor && gone > maxGoneShare * live;
  }

  public int effectiveThreads() {
    return threads == 0 ? Runtime.getRuntime().availableProcessors() : threads;
  }
}
