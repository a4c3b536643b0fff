package dev.darkroom.web.collections;

import dev.darkroom.core.collection.CollectionMembership;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;

/**
 * Keeps dynamic collections' members current (ADR 0034): one background thread fills new or edited
 * collections and drains the queue of changed assets ({@link CollectionMembership#catchUp}) every
 * {@code darkroom.collections.membership.interval}, until nothing is left. Each step is its own
 * transaction under an advisory lock, so a second server's thread simply finds the lock taken and
 * waits for its next tick; a failed step is retried at the next tick (its queue rows come back with
 * its rollback).
 */
class CollectionMembershipDrainer implements SmartLifecycle {

  private static final Logger log = LoggerFactory.getLogger(CollectionMembershipDrainer.class);

  /** Transactions per tick, so a stop or a slow database is noticed between them. */
  static final int STEPS_PER_TICK = 1_000;

  private final CollectionMembership membership;
  private final CollectionMembershipProperties properties;
  private final BackgroundThread thread;

  CollectionMembershipDrainer(
      CollectionMembership membership, CollectionMembershipProperties properties) {
    this.membership = membership;
    this.properties = properties;
    this.thread =
        new BackgroundThread(
            "collection-membership",
            properties.interval(),
            this::tick,
            "Keeping dynamic collections' members in the background is off");
  }

  private void tick() {
    try {
      int steps = membership.catchUp(properties.batch(), STEPS_PER_TICK);
      if (steps > 0) {
        log.debug("Applied {} batches of changes to dynamic collections' members", steps);
      }
    } catch (RuntimeException e) {
      if (CollectionMembership.gaveWay(e)) {
        // It gave way to a chunk holding a row it needed (CollectionMembership#LOCK_WAIT).
        log.debug("Keeping dynamic collections' members gave way to a writer; next pass retries");
        return;
      }
      // A bad moment for the database must not end the work; the next tick retries.
      log.warn(
          "Keeping dynamic collections' members failed; the next pass retries: {}", e.toString());
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
