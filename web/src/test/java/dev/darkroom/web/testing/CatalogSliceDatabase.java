package dev.darkroom.web.testing;

import dev.darkroom.batch.tools.StandardTools;
import dev.darkroom.core.asset.AssetSearchRepository;
import dev.darkroom.core.catalog.LocationRepository;
import dev.darkroom.core.collection.CollectionMembership;
import dev.darkroom.core.collection.CollectionRepository;
import dev.darkroom.core.lineage.LineageRepository;
import dev.darkroom.core.storage.ArtifactStore;
import dev.darkroom.core.tool.PipelineRegistry;
import dev.darkroom.core.tool.ToolRegistry;
import dev.darkroom.storage.filesystem.FilesystemArtifactStore;
import dev.darkroom.testsupport.TestDatabase;
import java.io.IOException;
import java.nio.file.Files;
import java.util.List;
import javax.sql.DataSource;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.transaction.PlatformTransactionManager;

/**
 * The real back end of the catalog controllers for {@code @WebMvcTest} slices: a fresh migrated
 * PostgreSQL database, the core repositories over it, a filesystem artifact store in a temporary
 * directory, and the shipped tools and pipelines. Nothing is mocked; {@link CatalogRows} writes the
 * rows a test needs.
 */
@TestConfiguration(proxyBeanMethods = false)
public class CatalogSliceDatabase {

  @Bean
  DataSource dataSource() {
    return TestDatabase.create("WebSlice").dataSource();
  }

  @Bean
  JdbcClient jdbcClient(DataSource dataSource) {
    return JdbcClient.create(dataSource);
  }

  @Bean
  PlatformTransactionManager transactionManager(DataSource dataSource) {
    return new DataSourceTransactionManager(dataSource);
  }

  @Bean
  ArtifactStore artifactStore() throws IOException {
    return new FilesystemArtifactStore(Files.createTempDirectory("darkroom-web-slice"), List.of());
  }

  @Bean
  AssetSearchRepository assetSearchRepository(JdbcClient jdbc) {
    return new AssetSearchRepository(jdbc);
  }

  @Bean
  LocationRepository locationRepository(JdbcClient jdbc) {
    return new LocationRepository(jdbc);
  }

  @Bean
  LineageRepository lineageRepository(JdbcClient jdbc) {
    return new LineageRepository(jdbc);
  }

  @Bean
  CollectionRepository collectionRepository(
      JdbcClient jdbc, PlatformTransactionManager transactionManager) {
    return new CollectionRepository(jdbc, transactionManager);
  }

  @Bean
  CollectionMembership collectionMembership(
      JdbcClient jdbc, PlatformTransactionManager transactionManager) {
    return new CollectionMembership(jdbc, transactionManager);
  }

  @Bean
  ToolRegistry toolRegistry() {
    return StandardTools.registry();
  }

  @Bean
  PipelineRegistry pipelineRegistry() {
    return PipelineRegistry.standard();
  }

  @Bean
  CatalogRows catalogRows(JdbcClient jdbc, ArtifactStore store) {
    return new CatalogRows(jdbc, store);
  }
}
