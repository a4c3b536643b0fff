package dev.darkroom.core.events.nats;

import java.time.Duration;
import org.jspecify.annotations.Nullable;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * {@code darkroom.nats.*}: where run events go besides this process. Env: {@code
 * DARKROOM_NATS_URL}, {@code DARKROOM_NATS_STREAM}, {@code DARKROOM_NATS_MAX_AGE}, {@code
 * DARKROOM_NATS_RECONNECT_WAIT}, {@code DARKROOM_NATS_CONNECT_TIMEOUT}. See {@code docs/events.md}.
 *
 * @param url e.g. {@code nats://127.0.0.1:4222}; unset or blank means in-process events only
 * @param stream the JetStream stream that keeps run events (created when missing)
 * @param maxAge how long the stream keeps an event
 * @param reconnectWait pause between connection attempts while NATS is unreachable
 * @param connectTimeout how long one connection attempt may take
 */
@ConfigurationProperties("darkroom.nats")
public record NatsProperties(
    @Nullable String url,
    @DefaultValue("DARKROOM_RUNS") String stream,
    @DefaultValue("24h") Duration maxAge,
    @DefaultValue("2s") Duration reconnectWait,
    @DefaultValue("2s") Duration connectTimeout) {

  /** Whether a NATS server is configured. */
  public boolean configured() {
    return url != null && !url.isBlank();
  }

  /** Settings for a server at {@code url} with the defaults for everything else. */
  public static NatsProperties of(String url) {
    return new NatsProperties(
        url, "DARKROOM_RUNS", Duration.ofHours(24), Duration.ofSeconds(2), Duration.ofSeconds(2));
  }
}
