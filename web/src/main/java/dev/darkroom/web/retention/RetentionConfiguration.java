package dev.darkroom.web.retention;

import dev.darkroom.core.storage.ArtifactSweeper;
import dev.darkroom.storage.config.StorageProperties;
import dev.darkroom.storage.maintenance.ArtifactSweepSchedule;
import io.micrometer.core.instrument.MeterRegistry;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Sweeps on a schedule in the server only (worker processes share the storage configuration but
 * must not sweep): {@code darkroom.storage.sweeper.interval}, first after {@code
 * darkroom.storage.sweeper.initial-delay}.
 */
@Configuration(proxyBeanMethods = false)
class RetentionConfiguration {

  @Bean
  @ConditionalOnBean(ArtifactSweeper.class)
  ArtifactSweepSchedule artifactSweepSchedule(
      ArtifactSweeper sweeper, StorageProperties properties, ObjectProvider<MeterRegistry> meters) {
    StorageProperties.Sweeper settings = properties.sweeper();
    return new ArtifactSweepSchedule(
        sweeper, settings.interval(), settings.initialDelay(), meters.getIfAvailable());
  }
}
