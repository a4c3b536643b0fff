package dev.darkroom.storage.config;

import dev.darkroom.core.artifact.ArtifactRepository;
import dev.darkroom.core.storage.ArtifactMigration;
import dev.darkroom.core.storage.ArtifactStore;
import dev.darkroom.core.storage.ArtifactSweeper;
import dev.darkroom.storage.filesystem.FilesystemArtifactStore;
import dev.darkroom.storage.metrics.MeteredArtifactStore;
import dev.darkroom.storage.minio.MinioArtifactStore;
import io.micrometer.core.instrument.MeterRegistry;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Locale;
import javax.sql.DataSource;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.ApplicationRunner;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Builds the artifact store chosen by {@code darkroom.storage.type}, its health indicator, and,
 * when the application has a database, the sweeper and the {@code migrate-artifacts} operation.
 */
@AutoConfiguration(
    afterName = {
      "org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration",
      "org.springframework.boot.jdbc.autoconfigure.DataSourceTransactionManagerAutoConfiguration",
      "org.springframework.boot.transaction.autoconfigure.TransactionAutoConfiguration"
    })
@EnableConfigurationProperties(StorageProperties.class)
public class ArtifactStorageAutoConfiguration {

  static final String DEFAULT_ROOT = "${darkroom.data-dir:./darkroom-data}/artifacts";

  @Bean
  @ConditionalOnMissingBean
  ArtifactStoreFactory artifactStoreFactory(Environment environment) {
    // darkroom.archive.* belongs to the archive reader; only the roots matter here.
    List<Path> archiveRoots =
        Binder.get(environment)
            .bind("darkroom.archive.roots", Bindable.listOf(Path.class))
            .orElse(List.of());
    return new ArtifactStoreFactory(
        Path.of(environment.resolvePlaceholders(DEFAULT_ROOT)), archiveRoots);
  }

  @Bean
  @ConditionalOnMissingBean
  ArtifactStore artifactStore(
      StorageProperties properties,
      ArtifactStoreFactory factory,
      ObjectProvider<MeterRegistry> registry) {
    ArtifactStore store =
        factory.create(
            properties.type(), properties.filesystem(), properties.minio(), "darkroom.storage");
    MeterRegistry meters = registry.getIfAvailable();
    // Measured where a registry exists (the server with actuator); a bare worker stays unwrapped.
    return meters == null
        ? store
        : new MeteredArtifactStore(
            store, properties.type().name().toLowerCase(Locale.ROOT), meters);
  }

  @Configuration(proxyBeanMethods = false)
  @ConditionalOnClass(HealthIndicator.class)
  static class HealthIndicators {

    /** Named so that actuator reports it as {@code artifactStore}. */
    @Bean
    @ConditionalOnMissingBean(name = "artifactStoreHealthIndicator")
    HealthIndicator artifactStoreHealthIndicator(ArtifactStore measured) {
      ArtifactStore store =
          measured instanceof MeteredArtifactStore metered ? metered.delegate() : measured;
      if (store instanceof FilesystemArtifactStore filesystem) {
        return new FilesystemArtifactStoreHealthIndicator(filesystem);
      }
      if (store instanceof MinioArtifactStore minio) {
        return new MinioArtifactStoreHealthIndicator(minio);
      }
      return () ->
          org.springframework.boot.health.contributor.Health.unknown()
              .withDetail("store", store.describe())
              .build();
    }
  }

  @Configuration(proxyBeanMethods = false)
  @ConditionalOnBean({DataSource.class, PlatformTransactionManager.class})
  static class Maintenance {

    @Bean
    @ConditionalOnMissingBean
    ArtifactRepository artifactRepository(DataSource dataSource) {
      return new ArtifactRepository(dataSource);
    }

    @Bean
    @ConditionalOnMissingBean
    ArtifactSweeper artifactSweeper(
        ArtifactStore store,
        ArtifactRepository artifacts,
        PlatformTransactionManager transactionManager,
        StorageProperties properties) {
      return new ArtifactSweeper(
          store,
          artifacts,
          new TransactionTemplate(transactionManager),
          properties.sweeper().grace(),
          Clock.systemUTC());
    }

    @Bean
    @ConditionalOnMissingBean
    ArtifactMigration artifactMigration(ArtifactRepository artifacts) {
      return new ArtifactMigration(artifacts);
    }

    @Bean
    @ConditionalOnProperty("darkroom.storage.migration.to.type")
    ApplicationRunner migrateArtifactsRunner(
        ArtifactMigration migration,
        ArtifactStore store,
        ArtifactStoreFactory factory,
        StorageProperties properties) {
      return new MigrateArtifactsRunner(migration, store, factory, properties);
    }
  }
}
