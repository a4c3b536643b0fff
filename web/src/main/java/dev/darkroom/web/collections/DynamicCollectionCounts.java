package dev.darkroom.web.collections;

import dev.darkroom.core.collection.AssetCollection;
import dev.darkroom.core.collection.CollectionRepository;
import java.time.Clock;
import java.time.Instant;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;

/**
 * Keeps dynamic collections' counts no older than {@code darkroom.collections.count-max-age}: one
 * background thread recounts, one collection at a time, those whose count is missing or too old,
 * every {@code count-check-interval}, and whichever a reader finds too old ({@link #refreshIfOld}).
 * Reads never count (ADR 0027): a count over the whole catalog costs about a second at a million
 * assets, and one thread keeps that cost to one core at most.
 *
 * <p>A plain single-thread scheduler in the server, like the artifact sweeper's: a recount is
 * idempotent (a slower, older count never overwrites a newer one), so nothing needs Temporal's
 * durability, and worker processes never start it.
 */
class DynamicCollectionCounts implements SmartLifecycle {

  private static final Logger log = LoggerFactory.getLogger(DynamicCollectionCounts.class);

  /** Collections recounted per check; the rest wait for the next one. */
  static final int PER_CHECK = 20;

  private final CollectionRepository collections;
  private final CollectionCountProperties properties;
  private final Clock clock;
  private final Set<Long> queued = ConcurrentHashMap.newKeySet();
  private final BackgroundThread thread;

  DynamicCollectionCounts(
      CollectionRepository collections, CollectionCountProperties properties, Clock clock) {
    this.collections = collections;
    this.properties = properties;
    this.clock = clock;
    this.thread =
        new BackgroundThread(
            "collection-counts",
            properties.countCheckInterval(),
            this::check,
            "Background refresh of dynamic collection counts is off");
  }

  /** Recounts every dynamic collection whose count is missing or too old, now, on this thread. */
  int refreshOld() {
    int counted = 0;
    for (long id :
        collections.dynamicDueForCount(
            clock.instant().minus(properties.countMaxAge()), PER_CHECK)) {
      recount(id);
      counted++;
    }
    return counted;
  }

  /**
   * Asks for a recount of this collection in the background if its count is missing or too old;
   * returns at once. Repeated asks while one is queued are one recount.
   *
   * @return whether a recount was queued by this call
   */
  boolean refreshIfOld(AssetCollection collection) {
    if (!collection.countOlderThan(cutoff())) {
      return false;
    }
    if (!thread.isRunning() || !queued.add(collection.id())) {
      return false;
    }
    boolean queuedNow =
        thread.execute(
            () -> {
              queued.remove(collection.id());
              recount(collection.id());
            });
    if (!queuedNow) {
      queued.remove(collection.id());
    }
    return queuedNow;
  }

  private Instant cutoff() {
    return clock.instant().minus(properties.countMaxAge());
  }

  private void recount(long id) {
    try {
      collections.recount(id);
    } catch (RuntimeException e) {
      // A bad moment for the database must not end the refresh; the next check tries again.
      log.warn(
          "Counting dynamic collection {} failed; the next check retries: {}", id, e.toString());
    }
  }

  private void check() {
    try {
      refreshOld();
    } catch (RuntimeException e) {
      log.warn("Looking for dynamic collection counts to refresh failed: {}", e.toString());
    }
  }

  @Override
  public void start() {
    thread.start();
  }

  @Override
  public void stop() {
    thread.stop();
  }

  @Override
  public boolean isRunning() {
    return thread.isRunning();
  }
}
