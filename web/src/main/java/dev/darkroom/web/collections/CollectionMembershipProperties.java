package dev.darkroom.web.collections;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * {@code darkroom.collections.membership.*}: how the server keeps dynamic collections' members (ADR
 * 0034). Env: {@code DARKROOM_COLLECTIONS_MEMBERSHIP_INTERVAL}, {@code
 * DARKROOM_COLLECTIONS_MEMBERSHIP_BATCH}.
 *
 * @param interval the pause between two passes over the queue of changed assets (and the fills of
 *     new or edited collections); a pass works until nothing is left, so this is how long a change
 *     can wait before it starts to be applied; zero turns the background work off (kept collections
 *     then stay as they are and say how many changes are pending)
 * @param batch asset ids per transaction, for a drain of the queue and for a fill
 */
@ConfigurationProperties("darkroom.collections.membership")
record CollectionMembershipProperties(
    @DefaultValue("1s") Duration interval, @DefaultValue("1000") int batch) {

  CollectionMembershipProperties {
    if (interval.isNegative()) {
      throw new IllegalArgumentException(
          "darkroom.collections.membership.interval must not be negative");
    }
    if (batch < 1) {
      throw new IllegalArgumentException(
          "darkroom.collections.membership.batch must be at least 1");
    }
  }
}
