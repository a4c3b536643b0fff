package dev.darkroom.orchestrator.temporal;

import com.uber.m3.tally.RootScopeBuilder;
import com.uber.m3.tally.Scope;
import io.micrometer.core.instrument.MeterRegistry;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowClientOptions;
import io.temporal.common.reporter.MicrometerClientStatsReporter;
import io.temporal.serviceclient.WorkflowServiceStubs;
import io.temporal.serviceclient.WorkflowServiceStubsOptions;
import io.temporal.worker.WorkerFactory;
import io.temporal.worker.WorkerFactoryOptions;
import java.nio.file.Path;
import org.springframework.beans.factory.ObjectProvider;
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

  // Tally buffers the SDK's metrics and hands them to Micrometer this often.
  private static final int METRICS_REPORT_SECONDS = 5;

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
  WorkflowServiceStubs workflowServiceStubs(
      TemporalEndpoint endpoint, ObjectProvider<MeterRegistry> registry) {
    MeterRegistry meters = registry.getIfAvailable();
    if (meters == null) {
      return WorkflowServiceStubs.newServiceStubs(endpoint.stubsOptions());
    }
    // The SDK's client and worker metrics (temporal_*) go into the application's registry, so one
    // scrape of /actuator/prometheus shows Darkroom's and Temporal's side by side.
    Scope scope =
        new RootScopeBuilder()
            .reporter(new MicrometerClientStatsReporter(meters))
            .reportEvery(com.uber.m3.util.Duration.ofSeconds(METRICS_REPORT_SECONDS));
    return WorkflowServiceStubs.newServiceStubs(
        WorkflowServiceStubsOptions.newBuilder(endpoint.stubsOptions())
            .setMetricsScope(scope)
            .build());
  }

  @Bean
  WorkflowClient workflowClient(WorkflowServiceStubs stubs, TemporalProperties properties) {
    return WorkflowClient.newInstance(
        stubs, WorkflowClientOptions.newBuilder().setNamespace(properties.namespace()).build());
  }

  @Bean
  WorkerFactory workerFactory(WorkflowClient client) {
    return WorkerFactory.newInstance(
        client,
        WorkerFactoryOptions.newBuilder().setWorkerInterceptors(new ActivityLogContext()).build());
  }

  @Bean
  WorkerFactoryLifecycle workerFactoryLifecycle(WorkerFactory factory, TemporalEndpoint endpoint) {
    return new WorkerFactoryLifecycle(factory, endpoint::reachable, endpoint.target());
  }
}
