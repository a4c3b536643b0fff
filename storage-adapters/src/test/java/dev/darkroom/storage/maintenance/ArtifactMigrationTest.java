package dev.darkroom.storage.maintenance;

import static org.assertj.core.api.Assertions.assertThat;

import dev.darkroom.core.artifact.ArtifactRepository;
import dev.darkroom.core.storage.ArtifactKeys;
import dev.darkroom.core.storage.ArtifactMigration;
import dev.darkroom.core.storage.ArtifactStore;
import dev.darkroom.core.storage.MigrationReport;
import dev.darkroom.core.storage.StoredArtifact;
import dev.darkroom.storage.contract.Payloads;
import dev.darkroom.storage.filesystem.FilesystemArtifactStore;
import dev.darkroom.storage.minio.MinioArtifactStore;
import dev.darkroom.storage.minio.MinioStoreSettings;
import dev.darkroom.storage.minio.S3ProxyServer;
import dev.darkroom.testsupport.PostgresExtension;
import java.io.ByteArrayInputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

class ArtifactMigrationTest {

  @RegisterExtension static PostgresExtension db = new PostgresExtension();

  @TempDir Path dir;
  private S3ProxyServer s3;
  private FilesystemArtifactStore filesystem;
  private MinioArtifactStore minio;
  private Catalog catalog;
  private ArtifactMigration migration;
  private final List<StoredArtifact> referenced = new ArrayList<>();

  @BeforeEach
  void populate() throws Exception {
    s3 = S3ProxyServer.start(Files.createDirectories(dir.resolve("s3")));
    minio =
        new MinioArtifactStore(
            MinioStoreSettings.of(
                s3.endpoint(), S3ProxyServer.ACCESS_KEY, S3ProxyServer.SECRET_KEY, "migrated"));
    filesystem = new FilesystemArtifactStore(dir.resolve("fs"), List.of());
    catalog = new Catalog(db.dataSource());
    org.springframework.jdbc.core.simple.JdbcClient.create(db.dataSource())
        .sql("TRUNCATE lineage_input, lineage, artifact CASCADE")
        .update();
    migration = new ArtifactMigration(new ArtifactRepository(db.dataSource()));
    // 20 referenced blobs, one of them by two rows, one empty, one of 6 MiB; an inline-only row;
    // and one blob nobody references, which a migration must leave behind.
    for (int i = 0; i < 18; i++) {
      referenced.add(put(filesystem, Payloads.random(1_000 + i * 37), "image/webp"));
    }
    referenced.add(put(filesystem, new byte[0], "text/plain"));
    referenced.add(put(filesystem, Payloads.random(6 * 1024 * 1024), "video/mp4"));
    for (StoredArtifact blob : referenced) {
      catalog.artifact(blob, null);
    }
    catalog.artifact(referenced.get(0), null);
    catalog.inlineArtifact();
    put(filesystem, Payloads.random(999), "image/webp");
  }

  @AfterEach
  void stop() throws Exception {
    minio.close();
    s3.close();
  }

  @Test
  void filesystemStoreMigratesToS3AndBackWithEveryReferencedBlobVerified() throws Exception {
    // when
    MigrationReport there = migration.migrate(filesystem, minio);

    // then
    assertThat(there).isEqualTo(new MigrationReport(20, 20, 0, 0, 0, List.of()));
    assertEveryReferencedBlobIsIn(minio);
    try (var listed = minio.list("")) {
      assertThat(listed.count()).as("unreferenced blobs are not migrated").isEqualTo(20);
    }

    // and back, into a fresh filesystem store
    FilesystemArtifactStore back = new FilesystemArtifactStore(dir.resolve("back"), List.of());
    MigrationReport home = migration.migrate(minio, back);
    assertThat(home.copied()).isEqualTo(20);
    assertThat(home.complete()).isTrue();
    assertEveryReferencedBlobIsIn(back);
  }

  @Test
  void interruptedMigrationResumesCopyingOnlyWhatTheTargetLacks() {
    // given: a first run, then the target loses three blobs (as if the run had been cut short)
    migration.migrate(filesystem, minio);
    for (int i = 0; i < 3; i++) {
      minio.delete(referenced.get(i).key());
    }

    // when
    MigrationReport resumed = migration.migrate(filesystem, minio);

    // then
    assertThat(resumed.copied()).isEqualTo(3);
    assertThat(resumed.alreadyPresent()).isEqualTo(17);
    assertThat(resumed.complete()).isTrue();
    assertEveryReferencedBlobIsIn(minio);
    assertThat(migration.migrate(filesystem, minio).alreadyPresent()).isEqualTo(20);
  }

  @Test
  void missingAndCorruptSourceBlobsAreReportedNotCopied() throws Exception {
    // given: a row pointing at a blob the source lacks, and a blob whose bytes were damaged
    String ghostSha = Payloads.sha256(Payloads.random(10));
    StoredArtifact ghost =
        new StoredArtifact(ArtifactKeys.forSha256(ghostSha), ghostSha, 10, "image/webp");
    catalog.artifact(ghost, null);
    StoredArtifact damaged = referenced.get(5);
    Files.write(filesystem.root().resolve(damaged.key()), Payloads.random(1_000));

    // when
    MigrationReport report = migration.migrate(filesystem, minio);

    // then
    assertThat(report.referenced()).isEqualTo(21);
    assertThat(report.copied()).isEqualTo(19);
    assertThat(report.missingInSource()).isEqualTo(1);
    assertThat(report.failed()).isEqualTo(1);
    assertThat(report.complete()).isFalse();
    assertThat(report.problems())
        .anySatisfy(p -> assertThat(p).contains(ghost.key()).contains("missing"))
        .anySatisfy(p -> assertThat(p).contains(damaged.key()).contains("does not hash"));
    assertThat(minio.exists(damaged.key())).isFalse();
  }

  private void assertEveryReferencedBlobIsIn(ArtifactStore target) {
    assertThat(referenced)
        .allSatisfy(
            blob -> {
              assertThat(Payloads.hashOf(target.get(blob.key())))
                  .isEqualTo(new Payloads.Hashed(blob.sha256(), blob.size()));
              assertThat(target.stat(blob.key()).artifact()).isEqualTo(blob);
            });
  }

  private static StoredArtifact put(ArtifactStore store, byte[] bytes, String mediaType) {
    return store.put(new ByteArrayInputStream(bytes), mediaType);
  }
}
