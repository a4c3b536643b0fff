package dev.darkroom.storage.config;

import static org.assertj.core.api.Assertions.assertThat;

import dev.darkroom.core.storage.ArtifactMigration;
import dev.darkroom.core.storage.ArtifactStore;
import dev.darkroom.core.storage.ArtifactStoreException;
import dev.darkroom.core.storage.ArtifactSweeper;
import dev.darkroom.core.storage.StoredArtifact;
import dev.darkroom.storage.contract.Payloads;
import dev.darkroom.storage.filesystem.FilesystemArtifactStore;
import dev.darkroom.storage.minio.MinioArtifactStore;
import dev.darkroom.storage.minio.MinioStoreSettings;
import dev.darkroom.storage.minio.S3ProxyServer;
import dev.darkroom.testsupport.TestDatabase;
import java.io.ByteArrayInputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.ApplicationRunner;
import org.springframework.boot.DefaultApplicationArguments;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.boot.health.contributor.Status;
import org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration;
import org.springframework.boot.jdbc.autoconfigure.DataSourceTransactionManagerAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.core.env.SystemEnvironmentPropertySource;
import org.springframework.jdbc.core.simple.JdbcClient;

class ArtifactStorageAutoConfigurationTest {

  @TempDir static Path dir;
  private static S3ProxyServer s3;

  private final ApplicationContextRunner runner =
      new ApplicationContextRunner()
          .withConfiguration(AutoConfigurations.of(ArtifactStorageAutoConfiguration.class));

  @BeforeAll
  static void startS3() throws Exception {
    s3 = S3ProxyServer.start(Files.createDirectories(dir.resolve("s3")));
  }

  @AfterAll
  static void stopS3() throws Exception {
    s3.close();
  }

  /** Environment variables as the operating system passes them (the name selects env mapping). */
  private static ApplicationContextRunner withEnv(
      ApplicationContextRunner runner, Map<String, Object> env) {
    return runner.withInitializer(
        context ->
            context
                .getEnvironment()
                .getPropertySources()
                .addFirst(new SystemEnvironmentPropertySource("test-systemEnvironment", env)));
  }

  @Test
  void filesystemStoreUnderTheDataDirectoryIsTheDefault() throws Exception {
    Path dataDir = Files.createDirectories(dir.resolve("data"));
    Path expectedRoot = dataDir.toRealPath().resolve("artifacts");
    runner
        .withPropertyValues("darkroom.data-dir=" + dataDir)
        .run(
            context -> {
              assertThat(context).hasNotFailed();
              assertThat(context.getBean(ArtifactStore.class))
                  .isInstanceOfSatisfying(
                      FilesystemArtifactStore.class,
                      fs -> assertThat(fs.root()).isEqualTo(expectedRoot));
              HealthIndicator health =
                  context.getBean("artifactStoreHealthIndicator", HealthIndicator.class);
              assertThat(health.health().getStatus()).isEqualTo(Status.UP);
              assertThat(health.health().getDetails()).containsKey("usableBytes");
            });
  }

  @Test
  void environmentVariablesSwitchToMinio() {
    withEnv(
            runner,
            Map.of(
                "DARKROOM_STORAGE_TYPE",
                "minio",
                "DARKROOM_STORAGE_MINIO_ENDPOINT",
                s3.endpoint().toString(),
                "DARKROOM_STORAGE_MINIO_ACCESSKEY",
                S3ProxyServer.ACCESS_KEY,
                "DARKROOM_STORAGE_MINIO_SECRETKEY",
                S3ProxyServer.SECRET_KEY,
                "DARKROOM_STORAGE_MINIO_BUCKET",
                "from-env",
                "DARKROOM_STORAGE_MINIO_PARTSIZE",
                "5MB"))
        .run(
            context -> {
              assertThat(context).hasNotFailed();
              ArtifactStore store = context.getBean(ArtifactStore.class);
              assertThat(store).isInstanceOf(MinioArtifactStore.class);
              assertThat(store.describe()).isEqualTo("s3:" + s3.endpoint() + "/from-env");
              HealthIndicator health =
                  context.getBean("artifactStoreHealthIndicator", HealthIndicator.class);
              assertThat(health.health().getStatus()).isEqualTo(Status.UP);
              assertThat(health.health().getDetails()).containsEntry("bucket", "from-env");
            });
  }

  @Test
  void minioWithoutEndpointFailsStartUpNamingTheVariable() {
    runner
        .withPropertyValues("darkroom.storage.type=minio")
        .run(
            context ->
                assertThat(context)
                    .getFailure()
                    .rootCause()
                    .isInstanceOf(ArtifactStoreException.class)
                    .hasMessageContaining("DARKROOM_STORAGE_MINIO_ENDPOINT"));
  }

  @Test
  void storeRootInsideAnArchiveRootFailsStartUp() throws Exception {
    Path archive = Files.createDirectories(dir.resolve("photos"));
    runner
        .withPropertyValues(
            "darkroom.archive.roots[0]=" + dir.resolve("elsewhere"),
            "darkroom.archive.roots[1]=" + archive,
            "darkroom.storage.filesystem.root=" + archive.resolve("derived"))
        .run(
            context -> {
              assertThat(context)
                  .getFailure()
                  .rootCause()
                  .isInstanceOf(ArtifactStoreException.class)
                  .hasMessageContaining("overlaps the archive root " + archive);
              assertThat(archive.resolve("derived")).doesNotExist();
            });
  }

  @Test
  void withADatabaseTheSweeperAndMigrationAreAvailable() {
    TestDatabase database = TestDatabase.create("StorageAutoConfig");
    runner
        .withConfiguration(
            AutoConfigurations.of(
                DataSourceAutoConfiguration.class,
                DataSourceTransactionManagerAutoConfiguration.class))
        .withPropertyValues(
            "spring.datasource.url=" + database.jdbcUrl(),
            "spring.datasource.username=" + database.username(),
            "spring.datasource.password=" + database.password(),
            "darkroom.storage.filesystem.root=" + dir.resolve("with-db"),
            "darkroom.storage.sweeper.grace=5m")
        .run(
            context -> {
              assertThat(context).hasNotFailed();
              assertThat(context).hasSingleBean(ArtifactSweeper.class);
              assertThat(context).hasSingleBean(ArtifactMigration.class);
              assertThat(context.getBean(ArtifactSweeper.class).sweep().expiredRowsDeleted())
                  .isZero();
            });
  }

  @Test
  void migrateArtifactsRunsAtStartUpWhenATargetIsConfigured() {
    TestDatabase database = TestDatabase.create("StorageMigrateRunner");
    runner
        .withConfiguration(
            AutoConfigurations.of(
                DataSourceAutoConfiguration.class,
                DataSourceTransactionManagerAutoConfiguration.class))
        .withPropertyValues(
            "spring.datasource.url=" + database.jdbcUrl(),
            "spring.datasource.username=" + database.username(),
            "spring.datasource.password=" + database.password(),
            "darkroom.storage.filesystem.root=" + dir.resolve("runner-source"),
            "darkroom.storage.migration.to.type=minio",
            "darkroom.storage.migration.to.minio.endpoint=" + s3.endpoint(),
            "darkroom.storage.migration.to.minio.access-key=" + S3ProxyServer.ACCESS_KEY,
            "darkroom.storage.migration.to.minio.secret-key=" + S3ProxyServer.SECRET_KEY)
        .run(
            context -> {
              // given a referenced blob in the configured (filesystem) store
              ArtifactStore source = context.getBean(ArtifactStore.class);
              StoredArtifact blob =
                  source.put(new ByteArrayInputStream(Payloads.random(4_096)), "image/webp");
              JdbcClient jdbc = JdbcClient.create(database.dataSource());
              long run =
                  jdbc.sql(
                          "INSERT INTO run (pipeline_id, pipeline_version, policy, requested_by)"
                              + " VALUES ('p', '1', 'SANDBOX', 'test') RETURNING id")
                      .query(Long.class)
                      .single();
              jdbc.sql(
                      "INSERT INTO artifact (kind, run_id, unit_key, storage_key, sha256,"
                          + " size_bytes, media_type) VALUES ('thumbnail', ?, 'u1', ?, ?, ?, ?)")
                  .params(run, blob.key(), blob.sha256(), blob.size(), blob.mediaType())
                  .update();

              // when the operation runs as SpringApplication would run it
              context
                  .getBean("migrateArtifactsRunner", ApplicationRunner.class)
                  .run(new DefaultApplicationArguments());

              // then the target bucket has it
              try (MinioArtifactStore target =
                  new MinioArtifactStore(
                      MinioStoreSettings.of(
                          s3.endpoint(),
                          S3ProxyServer.ACCESS_KEY,
                          S3ProxyServer.SECRET_KEY,
                          "darkroom-artifacts"))) {
                assertThat(target.stat(blob.key()).artifact()).isEqualTo(blob);
              }
            });
  }
}
