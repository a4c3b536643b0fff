package dev.darkroom.core.events;

import dev.darkroom.core.events.nats.NatsProperties;
import dev.darkroom.core.events.nats.NatsRunEvents;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The {@link RunEvents} of every Darkroom process: NATS when {@code darkroom.nats.url} ({@code
 * DARKROOM_NATS_URL}) is set, else in-process only. Picked up with {@link
 * dev.darkroom.core.CoreConfiguration}.
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(NatsProperties.class)
public class RunEventsConfiguration {

  private static final Logger log = LoggerFactory.getLogger(RunEventsConfiguration.class);

  @Bean(destroyMethod = "close")
  RunEvents runEvents(NatsProperties nats) {
    if (nats.configured()) {
      return NatsRunEvents.start(nats);
    }
    log.info("Run events: in-process only (set DARKROOM_NATS_URL to share them over NATS)");
    return new InProcessRunEvents();
  }
}
