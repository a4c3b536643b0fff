package dev.darkroom.core.storage;

import dev.darkroom.core.artifact.ArtifactRepository;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Retention and garbage collection for one store.
 *
 * <p>Phase 1 deletes expired (sandbox) artifact rows with their lineage, a batch per transaction,
 * then the blobs those rows referenced once no row references them any more. Phase 2 deletes orphan
 * blobs: blobs no row references, left by a crash between the blob put and the row commit.
 *
 * <p><b>The race and the grace period.</b> Writers put the blob first and commit the row after. A
 * sweeper that lists a blob and finds no row cannot tell "orphan" from "row not committed yet", and
 * with content addressing a writer may also be re-using an old blob whose last row just expired.
 * Both are protected by the blob's last-modified time: every put (also of already-stored content)
 * refreshes it, and the sweeper deletes only blobs last modified more than {@code grace} ago, via
 * {@link ArtifactStore#deleteIfUnmodifiedSince}. So the rule writers must keep is: <em>commit the
 * row within the grace period after the put returned</em> (chunks commit in seconds; the default
 * grace is an hour). A blob still referenced by any row is never deleted, whatever its age.
 */
public class ArtifactSweeper {

  private static final Logger log = LoggerFactory.getLogger(ArtifactSweeper.class);
  private static final int BATCH = 500;

  private final ArtifactStore store;
  private final ArtifactRepository artifacts;
  private final TransactionTemplate transactions;
  private final Duration grace;
  private final Clock clock;

  public ArtifactSweeper(
      ArtifactStore store,
      ArtifactRepository artifacts,
      TransactionTemplate transactions,
      Duration grace,
      Clock clock) {
    if (grace.isNegative()) {
      throw new IllegalArgumentException("grace period must not be negative, was " + grace);
    }
    this.store = store;
    this.artifacts = artifacts;
    this.transactions = transactions;
    this.grace = grace;
    this.clock = clock;
  }

  /** Runs both phases and reports what was deleted and what was kept. */
  public SweepReport sweep() {
    Counts counts = new Counts();
    sweepExpired(counts);
    sweepOrphans(counts);
    SweepReport report =
        new SweepReport(
            counts.rows, counts.blobs, counts.orphans, counts.keptReferenced, counts.keptInGrace);
    log.info("artifact sweep of {}: {}", store.describe(), report);
    return report;
  }

  private void sweepExpired(Counts counts) {
    while (true) {
      Instant now = clock.instant();
      // Rows first, in one transaction per batch: once committed, no reader finds these
      // artifacts, so their blobs may go.
      List<String> keys =
          transactions.execute(
              status -> {
                List<Long> ids = artifacts.lockExpired(now, BATCH);
                counts.rows += ids.size();
                return ids.isEmpty() ? null : artifacts.deleteWithLineage(ids);
              });
      if (keys == null) {
        return;
      }
      deleteUnreferenced(keys, counts, false);
    }
  }

  private void sweepOrphans(Counts counts) {
    Instant cutoff = clock.instant().minus(grace);
    List<String> batch = new ArrayList<>(BATCH);
    try (Stream<ArtifactEntry> entries = store.list("")) {
      for (var it = entries.iterator(); it.hasNext(); ) {
        ArtifactEntry entry = it.next();
        if (!entry.lastModified().isBefore(cutoff)) {
          counts.keptInGrace++;
          continue;
        }
        batch.add(entry.key());
        if (batch.size() == BATCH) {
          deleteUnreferenced(batch, counts, true);
          batch.clear();
        }
      }
    }
    deleteUnreferenced(batch, counts, true);
  }

  private void deleteUnreferenced(List<String> keys, Counts counts, boolean orphans) {
    Set<String> candidates = new LinkedHashSet<>(keys);
    Set<String> referenced = artifacts.referencedAmong(candidates);
    counts.keptReferenced += referenced.size();
    candidates.removeAll(referenced);
    // The cutoff is taken after the reference check: a writer that re-stored one of these blobs
    // before the check has refreshed its last-modified time past the cutoff and keeps it.
    Instant cutoff = clock.instant().minus(grace);
    for (String key : candidates) {
      if (store.deleteIfUnmodifiedSince(key, cutoff)) {
        if (orphans) {
          counts.orphans++;
        } else {
          counts.blobs++;
        }
      } else if (store.exists(key)) {
        counts.keptInGrace++;
      }
    }
  }

  private static final class Counts {
    long rows;
    long blobs;
    long orphans;
    long keptReferenced;
    long keptInGrace;
  }
}
