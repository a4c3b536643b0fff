package dev.darkroom.orchestrator.temporal;

import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowClientOptions;
import io.temporal.serviceclient.WorkflowServiceStubs;
import io.temporal.worker.WorkerFactory;
import java.nio.file.Path;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The Temporal beans: the server ({@link TemporalEndpoint}, started here unless remote), its {@link
 * TemporalMode}, {@link WorkflowServiceStubs}, {@link WorkflowClient} and a {@link WorkerFactory}.
 * Register workers on the factory while the context is created (in bean methods or constructors);
 * {@link WorkerFactoryLifecycle} starts it once every bean exists.
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(TemporalProperties.class)
public class TemporalConfiguration {

  @Bean(destroyMethod = "close")
  TemporalEndpoint temporalEndpoint(
      TemporalProperties properties, @Value("${darkroom.data-dir:./darkroom-data}") Path dataDir) {
    return TemporalEndpoint.open(properties, dataDir);
  }

  @Bean
  TemporalMode temporalMode(TemporalEndpoint endpoint) {
    return endpoint.mode();
  }

  // Lazy connection for every mode: an embedded server already answered, and a remote one that is
  // down should not keep the dashboard from starting (calls fail with UNAVAILABLE until it is up).
  @Bean(destroyMethod = "shutdown")
  WorkflowServiceStubs workflowServiceStubs(TemporalEndpoint endpoint) {
    return WorkflowServiceStubs.newServiceStubs(endpoint.stubsOptions());
  }

  @Bean
  WorkflowClient workflowClient(WorkflowServiceStubs stubs, TemporalProperties properties) {
    return WorkflowClient.newInstance(
        stubs, WorkflowClientOptions.newBuilder().setNamespace(properties.namespace()).build());
  }

  @Bean
  WorkerFactory workerFactory(WorkflowClient client) {
    return WorkerFactory.newInstance(client);
  }

  @Bean
  WorkerFactoryLifecycle workerFactoryLifecycle(WorkerFactory factory) {
    return new WorkerFactoryLifecycle(factory);
  }
}
