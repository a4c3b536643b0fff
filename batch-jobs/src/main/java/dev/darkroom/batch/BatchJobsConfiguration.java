package dev.darkroom.batch;

import dev.darkroom.batch.preflight.PreflightProperties;
import dev.darkroom.batch.scan.ScanProperties;
import dev.darkroom.core.CoreConfiguration;
import dev.darkroom.storage.archive.ArchiveConfiguration;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.ComponentScan;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.FilterType;
import org.springframework.context.annotation.Import;
import org.springframework.context.annotation.PropertySource;
import org.springframework.scheduling.concurrent.ThreadPoolTaskExecutor;

/** Everything the batch jobs need; imported by the worker main and by the server. */
@Configuration(proxyBeanMethods = false)
@ComponentScan(
    basePackages = "dev.darkroom.batch",
    excludeFilters =
        @ComponentScan.Filter(
            type = FilterType.ANNOTATION,
            classes = SpringBootConfiguration.class))
@Import({CoreConfiguration.class, ArchiveConfiguration.class})
@EnableConfigurationProperties({ScanProperties.class, PreflightProperties.class})
@PropertySource("classpath:darkroom-batch.properties")
public class BatchJobsConfiguration {

  /** Hashes a scan's files ahead of its step; one thread per configured scan thread. */
  @Bean(destroyMethod = "shutdown")
  ThreadPoolTaskExecutor scanHashingExecutor(ScanProperties properties) {
    ThreadPoolTaskExecutor executor = new ThreadPoolTaskExecutor();
    executor.setCorePoolSize(properties.effectiveThreads());
    executor.setMaxPoolSize(properties.effectiveThreads());
    executor.setThreadNamePrefix("scan-hash-");
    executor.setDaemon(true);
    executor.initialize();
    return executor;
  }
}
