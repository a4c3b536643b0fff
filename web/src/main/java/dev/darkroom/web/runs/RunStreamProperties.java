package dev.darkroom.web.runs;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * {@code darkroom.web.sse.*}: the live streams of the dashboard and the API. Env: {@code
 * DARKROOM_WEB_SSE_MAX_STREAMS}, {@code DARKROOM_WEB_SSE_POLL_INTERVAL}, {@code
 * DARKROOM_WEB_SSE_HEARTBEAT}, {@code DARKROOM_WEB_SSE_TIMEOUT}.
 *
 * @param maxStreams open streams at once (browser tabs and API clients); more get 503
 * @param pollInterval how often an active run's page is refreshed from PostgreSQL, events or not
 * @param heartbeat how often an idle stream gets a comment, so proxies keep it open
 * @param timeout how long one stream stays open; browsers reconnect by themselves
 */
@ConfigurationProperties("darkroom.web.sse")
record RunStreamProperties(
    @DefaultValue("200") int maxStreams,
    @DefaultValue("2s") Duration pollInterval,
    @DefaultValue("15s") Duration heartbeat,
    @DefaultValue("30m") Duration timeout) {

  RunStreamProperties {
    if (maxStreams < 1) {
      throw new IllegalArgumentException("darkroom.web.sse.max-streams must be at least 1");
    }
    if (pollInterval.toMillis() < 100) {
      throw new IllegalArgumentException("darkroom.web.sse.poll-interval must be at least 100ms");
    }
  }
}
