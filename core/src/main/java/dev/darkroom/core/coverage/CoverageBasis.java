package dev.darkroom.core.coverage;

/**
 * How a coverage map was obtained. All are exact for the moment they were read; they differ in what
 * they cost (ADR 0029).
 */
public enum CoverageBasis {
  /**
   * Read from counters that triggers keep in the same transactions as every change: every live
   * asset, a static collection, or a dynamic collection whose query only asks about the media type.
   * Costs a few dozen counter rows per step, whatever the size of the scope.
   */
  COUNTERS,
  /**
   * Counted when asked, from the assets a dynamic collection's query matches now: its cost grows
   * with the number of matches.
   */
  COUNTED,
  /**
   * Read from the collection counters over a dynamic collection's kept members (ADR 0034): as cheap
   * as {@link #COUNTERS}, exact once the queue of changed assets is drained; {@link
   * CoverageMap#membership()} says how many changes are still pending and as of when the members
   * are current.
   */
  KEPT
}
