package dev.darkroom.web.collections;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * {@code darkroom.collections.*}: how fresh a dynamic collection's count is kept (ADR 0027). Env:
 * {@code DARKROOM_COLLECTIONS_COUNTMAXAGE}, {@code DARKROOM_COLLECTIONS_COUNTCHECKINTERVAL}.
 *
 * @param countMaxAge a dynamic collection's count older than this is counted again in the
 *     background; a count is therefore at most this old plus one check interval plus the time a
 *     count takes
 * @param countCheckInterval how often the server looks for counts older than {@code countMaxAge};
 *     zero turns the background refresh off (counts are then taken on creation and when a
 *     collection's own page or API finds its count too old)
 */
@ConfigurationProperties("darkroom.collections")
record CollectionCountProperties(
    @DefaultValue("5m") Duration countMaxAge, @DefaultValue("30s") Duration countCheckInterval) {

  CollectionCountProperties {
    if (countMaxAge.isNegative()) {
      throw new IllegalArgumentException("darkroom.collections.count-max-age must not be negative");
    }
    if (countCheckInterval.isNegative()) {
      throw new IllegalArgumentException(
          "darkroom.collections.count-check-interval must not be negative");
    }
  }
}
