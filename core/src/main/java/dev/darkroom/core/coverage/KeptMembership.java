package dev.darkroom.core.coverage;

import java.time.Instant;
import org.jspecify.annotations.Nullable;

/**
 * How current a dynamic collection's kept members are (V93, ADR 0034).
 *
 * @param filling true while its query is still being evaluated over every asset (a new or edited
 *     collection, or coverage steps re-pinned): its map is then {@link CoverageBasis#COUNTED}
 * @param pendingChanges asset changes recorded but not yet applied to the kept members (of any
 *     collection: the queue is shared), counted up to {@link #PENDING_CAP}; 0 means the members
 *     equal what the query matches now
 * @param currentAsOf the members reflect every change committed before this instant: the time of
 *     the oldest pending change, or the read time when nothing is pending; null while filling
 */
public record KeptMembership(boolean filling, long pendingChanges, @Nullable Instant currentAsOf) {

  /** Pending changes are counted up to this many ("at least" beyond it). */
  public static final long PENDING_CAP = 10_000;
}
