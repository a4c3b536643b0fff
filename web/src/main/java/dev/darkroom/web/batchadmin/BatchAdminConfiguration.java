package dev.darkroom.web.batchadmin;

import org.springframework.batch.core.configuration.JobRegistry;
import org.springframework.batch.core.configuration.support.MapJobRegistry;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The application's Batch job registry, as a bean. Batch's job operator restarts an execution by
 * looking its job up by name in the registry; without a registry bean it keeps a private one, and
 * the admin views could not tell which jobs it can restart. {@link MapJobRegistry} registers every
 * {@code Job} bean once the context has started. Darkroom's own jobs (scan, pipeline) are built per
 * execution and never registered: they are restarted by their own services.
 */
@Configuration(proxyBeanMethods = false)
class BatchAdminConfiguration {

  @Bean
  JobRegistry jobRegistry() {
    return new MapJobRegistry();
  }
}
