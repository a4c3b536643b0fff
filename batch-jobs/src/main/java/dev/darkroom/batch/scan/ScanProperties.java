package dev.darkroom.batch.scan;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Tuning of the catalog scan ({@code darkroom.scan.*}).
 *
 * @param chunkSize items per committed chunk, an item being a file to read, a problem, or a run of
 *     up to 100 unchanged files (not read); a crash redoes at most one chunk
 * @param threads files hashed in parallel within a chunk; 0 means one per CPU core
 * @param maxDepth deepest directory level scanned; deeper directories are reported, not scanned
 */
@ConfigurationProperties("darkroom.scan")
public record ScanProperties(
    @DefaultValue("500") int chunkSize,
    @DefaultValue("0") int threads,
    @DefaultValue("1024") int maxDepth) {

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
  }

  public int effectiveThreads() {
    return threads == 0 ? Runtime.getRuntime().availableProcessors() : threads;
  }
}
