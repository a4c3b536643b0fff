package dev.darkroom.core.coverage;

/**
 * How many assets of a scope are in each state for one step; the five add up to the scope's live
 * assets.
 */
public record CoverageCounts(
    long current, long stale, long missing, long failed, long notApplicable) {

  public long total() {
    return current + stale + missing + failed + notApplicable;
  }

  /** Assets the step applies to. */
  public long applicable() {
    return current + stale + missing + failed;
  }

  public long count(CoverageState state) {
    return switch (state) {
      case CURRENT -> current;
      case STALE -> stale;
      case MISSING -> missing;
      case FAILED -> failed;
      case NOT_APPLICABLE -> notApplicable;
    };
  }
}
