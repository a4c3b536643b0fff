package dev.darkroom.storage.config;

import dev.darkroom.core.storage.ArtifactMigration;
import dev.darkroom.core.storage.ArtifactStore;
import dev.darkroom.core.storage.MigrationReport;
import dev.darkroom.storage.config.StorageProperties.Target;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;

/**
 * {@code migrate-artifacts} as a start-up operation: copies every referenced blob from the
 * configured store to {@code darkroom.storage.migration.to.*} and fails start-up (non-zero exit)
 * when the report is not complete, so that a script cannot mistake a partial copy for success.
 */
public class MigrateArtifactsRunner implements ApplicationRunner {

  private static final Logger log = LoggerFactory.getLogger(MigrateArtifactsRunner.class);

  private final ArtifactMigration migration;
  private final ArtifactStore source;
  private final ArtifactStoreFactory factory;
  private final StorageProperties properties;

  public MigrateArtifactsRunner(
      ArtifactMigration migration,
      ArtifactStore source,
      ArtifactStoreFactory factory,
      StorageProperties properties) {
    this.migration = migration;
    this.source = source;
    this.factory = factory;
    this.properties = properties;
  }

  @Override
  public void run(ApplicationArguments args) {
    Target to = properties.migration().to();
    ArtifactStore target =
        factory.create(
            Objects.requireNonNull(to.type(), "darkroom.storage.migration.to.type"),
            to.filesystem(),
            to.minio(),
            "darkroom.storage.migration.to");
    MigrationReport report = migration.migrate(source, target);
    log.info(
        "migrate-artifacts {} -> {}: {} referenced, {} copied, {} already present, {} missing in"
            + " source, {} failed",
        source.describe(),
        target.describe(),
        report.referenced(),
        report.copied(),
        report.alreadyPresent(),
        report.missingInSource(),
        report.failed());
    if (!report.complete()) {
      throw new IllegalStateException(
          "migrate-artifacts incomplete, run it again after fixing: " + report.problems());
    }
  }
}
