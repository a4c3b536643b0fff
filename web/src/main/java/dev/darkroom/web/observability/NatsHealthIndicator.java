package dev.darkroom.web.observability;

import dev.darkroom.core.events.nats.NatsRunEvents;
import org.springframework.boot.health.contributor.AbstractHealthIndicator;
import org.springframework.boot.health.contributor.Health;

/**
 * {@code nats}: UP while the run events' connection to NATS is up. Only present when NATS is
 * configured. Not part of readiness or liveness: without NATS, other processes miss live events and
 * catch up from PostgreSQL; runs go on.
 */
final class NatsHealthIndicator extends AbstractHealthIndicator {

  private final NatsRunEvents events;

  NatsHealthIndicator(NatsRunEvents events) {
    super("NATS health check failed");
    this.events = events;
  }

  @Override
  protected void doHealthCheck(Health.Builder builder) {
    builder.withDetail("published", events.published()).withDetail("dropped", events.dropped());
    if (events.connected()) {
      builder.up();
    } else {
      builder.down().withDetail("error", "not connected; events for other processes are dropped");
    }
  }
}
