package dev.darkroom.web.observability;

import java.time.Duration;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;

/**
 * A value read at most once per {@code ttl}: one scrape reads many gauges of the same query, and
 * the health checks behind some of them make network calls. A failed read keeps the last value.
 */
final class Snapshot<T> {

  private final Supplier<T> read;
  private final long ttlNanos;
  private final T fallback;
  private @Nullable T value;
  private long readAt;

  Snapshot(Supplier<T> read, Duration ttl, T fallback) {
    this.read = read;
    this.ttlNanos = ttl.toNanos();
    this.fallback = fallback;
  }

  synchronized T get() {
    long now = System.nanoTime();
    if (value == null || now - readAt >= ttlNanos) {
      try {
        value = read.get();
      } catch (RuntimeException e) {
        org.slf4j.LoggerFactory.getLogger(Snapshot.class)
            .warn("gauge read failed: {}", e.toString());
        // PostgreSQL away: the db health (and its alert) says so; gauges keep their last value.
        if (value == null) {
          value = fallback;
        }
      }
      readAt = now;
    }
    return value;
  }
}
