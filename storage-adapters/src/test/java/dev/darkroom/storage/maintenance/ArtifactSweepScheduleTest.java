package dev.darkroom.storage.maintenance;

import static org.assertj.core.api.Assertions.assertThat;

import dev.darkroom.core.artifact.ArtifactRepository;
import dev.darkroom.core.storage.ArtifactStore;
import dev.darkroom.core.storage.ArtifactSweeper;
import dev.darkroom.core.storage.StoredArtifact;
import dev.darkroom.storage.contract.Payloads;
import dev.darkroom.storage.filesystem.FilesystemArtifactStore;
import dev.darkroom.testsupport.PostgresExtension;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.ByteArrayInputStream;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The scheduled sweep against real PostgreSQL and a filesystem store: it runs by itself, deletes
 * expired sandbox artifacts and orphan blobs, and nothing else — a production artifact, a blob it
 * shares with an expired sandbox artifact, and a sandbox artifact that has not expired all stay.
 */
class ArtifactSweepScheduleTest {

  @RegisterExtension static PostgresExtension db = new PostgresExtension();

  @TempDir Path dir;

  @Test
  void theScheduledSweepDeletesExpiredSandboxArtifactsAndOrphansAndNothingElse() {
    // Given a production artifact, an expired sandbox artifact with its own blob, an expired one
    // sharing the production artifact's blob, a live sandbox artifact, and an orphan blob.
    JdbcClient.create(db.dataSource())
        .sql("TRUNCATE lineage_input, lineage, artifact CASCADE")
        .update();
    ArtifactStore store = new FilesystemArtifactStore(dir.resolve("artifacts"), List.of());
    Catalog catalog = new Catalog(db.dataSource());
    StoredArtifact productionBlob = put(store, Payloads.random(400));
    StoredArtifact expiredBlob = put(store, Payloads.random(401));
    StoredArtifact liveBlob = put(store, Payloads.random(402));
    StoredArtifact orphanBlob = put(store, Payloads.random(403));
    long production = catalog.artifact(productionBlob, null);
    long expired = catalog.artifact(expiredBlob, Instant.now().minusSeconds(60));
    long expiredShared = catalog.artifact(productionBlob, Instant.now().minusSeconds(60));
    long live = catalog.artifact(liveBlob, Instant.now().plusSeconds(3600));
    SimpleMeterRegistry meters = new SimpleMeterRegistry();
    ArtifactSweeper sweeper =
        new ArtifactSweeper(
            store,
            new ArtifactRepository(db.dataSource()),
            new TransactionTemplate(new DataSourceTransactionManager(db.dataSource())),
            Duration.ZERO,
            Clock.systemUTC());
    ArtifactSweepSchedule schedule =
        new ArtifactSweepSchedule(sweeper, Duration.ofMillis(200), Duration.ZERO, meters);

    // When it has run by itself
    schedule.start();
    try {
      await(() -> schedule.sweeps() >= 2);
    } finally {
      schedule.stop();
    }

    // Then only the expired rows, the blob only they used, and the orphan are gone.
    assertThat(catalog.artifactExists(expired)).isFalse();
    assertThat(catalog.artifactExists(expiredShared)).isFalse();
    assertThat(catalog.artifactExists(production)).isTrue();
    assertThat(catalog.artifactExists(live)).isTrue();
    assertThat(store.exists(expiredBlob.key())).isFalse();
    assertThat(store.exists(orphanBlob.key())).isFalse();
    assertThat(store.exists(productionBlob.key())).isTrue();
    assertThat(store.exists(liveBlob.key())).isTrue();
    assertThat(meters.get("darkroom.sweeper.expired.artifacts").counter().count()).isEqualTo(2);
    assertThat(meters.get("darkroom.sweeper.orphans.deleted").counter().count()).isEqualTo(1);
    assertThat(meters.get("darkroom.sweeper.runs").tag("outcome", "success").counter().count())
        .isGreaterThanOrEqualTo(2);
    assertThat(meters.get("darkroom.sweeper.last.success").gauge().value()).isPositive();
    assertThat(schedule.isRunning()).isFalse();
  }

  @Test
  void aZeroIntervalTurnsScheduledSweepsOff() {
    ArtifactSweeper sweeper =
        new ArtifactSweeper(
            new FilesystemArtifactStore(dir.resolve("artifacts"), List.of()),
            new ArtifactRepository(db.dataSource()),
            new TransactionTemplate(new DataSourceTransactionManager(db.dataSource())),
            Duration.ZERO,
            Clock.systemUTC());
    ArtifactSweepSchedule schedule =
        new ArtifactSweepSchedule(sweeper, Duration.ZERO, Duration.ZERO, null);

    schedule.start();

    assertThat(schedule.isRunning()).isFalse();
    schedule.stop();
  }

  private static StoredArtifact put(ArtifactStore store, byte[] bytes) {
    return store.put(new ByteArrayInputStream(bytes), "image/webp");
  }

  private static void await(java.util.function.BooleanSupplier condition) {
    Instant deadline = Instant.now().plusSeconds(60);
    while (!condition.getAsBoolean()) {
      if (Instant.now().isAfter(deadline)) {
        throw new AssertionError("the scheduled sweep did not run within 60 s");
      }
      try {
        Thread.sleep(50);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException(e);
      }
    }
  }
}
