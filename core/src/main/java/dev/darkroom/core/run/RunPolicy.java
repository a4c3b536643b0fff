package dev.darkroom.core.run;

import java.time.Duration;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * How a run treats its collection and its output.
 *
 * <p>{@link Kind#SANDBOX}: a deterministic sample (a count or a fraction of the collection, chosen
 * by {@code seed}), smaller thumbnails, artifacts that expire after {@code artifactTtl}. {@link
 * Kind#PRODUCTION}: every unit of the collection, tool versions pinned in the run, artifacts kept,
 * and the run is COMPLETED only when every unit is done or explicitly failed.
 *
 * @param sampleCount sandbox: at most this many units; null when a fraction is given
 * @param sampleFraction sandbox: this share of the collection (rounded up), in (0, 1]; null when a
 *     count is given
 * @param seed sandbox: the same seed over the same collection picks the same units
 * @param thumbnailSize the {@code thumbnail} tool's {@code maxSize}; null for the tool's default
 * @param artifactTtl sandbox: artifacts expire this long after they are written; null in production
 */
public record RunPolicy(
    Kind kind,
    @Nullable Integer sampleCount,
    @Nullable Double sampleFraction,
    long seed,
    @Nullable Integer thumbnailSize,
    @Nullable Duration artifactTtl) {

  public static final int SANDBOX_THUMBNAIL_SIZE = 256;
  public static final Duration SANDBOX_TTL = Duration.ofDays(7);

  /** The policy's kind, as stored in {@code run.policy}. */
  public enum Kind {
    SANDBOX,
    PRODUCTION
  }

  public RunPolicy {
    Objects.requireNonNull(kind, "kind");
    if (thumbnailSize != null && thumbnailSize <= 0) {
      throw new IllegalArgumentException("thumbnail size must be positive: " + thumbnailSize);
    }
    if (kind == Kind.PRODUCTION) {
      if (sampleCount != null || sampleFraction != null || artifactTtl != null) {
        throw new IllegalArgumentException(
            "a production run covers the whole collection and keeps its artifacts:"
                + " no sample and no TTL");
      }
    } else {
      if ((sampleCount == null) == (sampleFraction == null)) {
        throw new IllegalArgumentException("a sandbox run needs a sample count or a fraction");
      }
      if (sampleCount != null && sampleCount <= 0) {
        throw new IllegalArgumentException("sample count must be positive: " + sampleCount);
      }
      if (sampleFraction != null && !(sampleFraction > 0 && sampleFraction <= 1)) {
        throw new IllegalArgumentException("sample fraction must be in (0, 1]: " + sampleFraction);
      }
      Objects.requireNonNull(artifactTtl, "a sandbox run needs an artifact TTL");
      if (artifactTtl.isNegative() || artifactTtl.isZero() || artifactTtl.toSeconds() == 0) {
        throw new IllegalArgumentException(
            "artifact TTL must be at least a second: " + artifactTtl);
      }
    }
  }

  /** A sandbox of at most {@code count} units, 256-pixel thumbnails, artifacts kept 7 days. */
  public static RunPolicy sandbox(int count, long seed) {
    return new RunPolicy(Kind.SANDBOX, count, null, seed, SANDBOX_THUMBNAIL_SIZE, SANDBOX_TTL);
  }

  /** A sandbox of {@code fraction} of the collection (rounded up), otherwise as above. */
  public static RunPolicy sandboxFraction(double fraction, long seed) {
    return new RunPolicy(Kind.SANDBOX, null, fraction, seed, SANDBOX_THUMBNAIL_SIZE, SANDBOX_TTL);
  }

  /** Full coverage with the tools' default parameters. */
  public static RunPolicy production() {
    return new RunPolicy(Kind.PRODUCTION, null, null, 0, null, null);
  }

  public RunPolicy withThumbnailSize(@Nullable Integer size) {
    return new RunPolicy(kind, sampleCount, sampleFraction, seed, size, artifactTtl);
  }

  public RunPolicy withArtifactTtl(Duration ttl) {
    return new RunPolicy(kind, sampleCount, sampleFraction, seed, thumbnailSize, ttl);
  }

  public boolean sandbox() {
    return kind == Kind.SANDBOX;
  }
}
