package dev.darkroom.storage.maintenance;

import static org.assertj.core.api.Assertions.assertThat;

import dev.darkroom.core.artifact.ArtifactRepository;
import dev.darkroom.core.storage.ArtifactStore;
import dev.darkroom.core.storage.ArtifactSweeper;
import dev.darkroom.core.storage.StoredArtifact;
import dev.darkroom.core.storage.SweepReport;
import dev.darkroom.storage.contract.Payloads;
import dev.darkroom.storage.filesystem.FilesystemArtifactStore;
import dev.darkroom.testsupport.PostgresExtension;
import java.io.ByteArrayInputStream;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

class ArtifactSweeperTest {

  @RegisterExtension static PostgresExtension db = new PostgresExtension();

  @TempDir Path dir;
  private ArtifactStore store;
  private Catalog catalog;
  private ArtifactRepository artifacts;

  @BeforeEach
  void setUp() {
    store = new FilesystemArtifactStore(dir.resolve("artifacts"), List.of());
    catalog = new Catalog(db.dataSource());
    artifacts = new ArtifactRepository(db.dataSource());
    // Every test starts from an empty catalog (the database is per class).
    org.springframework.jdbc.core.simple.JdbcClient.create(db.dataSource())
        .sql("TRUNCATE lineage_input, lineage, artifact CASCADE")
        .update();
  }

  private ArtifactSweeper sweeper(Duration grace) {
    return new ArtifactSweeper(
        store,
        artifacts,
        new TransactionTemplate(new DataSourceTransactionManager(db.dataSource())),
        grace,
        Clock.systemUTC());
  }

  private StoredArtifact put(byte[] bytes) {
    return store.put(new ByteArrayInputStream(bytes), "image/webp");
  }

  @Test
  void expiredRowsGoWithTheirLineageThenBlobsNoRowReferences() {
    // given: A only expired rows use, B is shared by an expired and a live row, C is live
    StoredArtifact a = put(Payloads.random(100));
    StoredArtifact b = put(Payloads.random(101));
    StoredArtifact c = put(Payloads.random(102));
    long expiredA = catalog.artifact(a, Instant.now().minusSeconds(60));
    long expiredB = catalog.artifact(b, Instant.now().minusSeconds(60));
    long liveB = catalog.artifact(b, null);
    long liveC = catalog.artifact(c, Instant.now().plusSeconds(3600));

    // when
    SweepReport report = sweeper(Duration.ZERO).sweep();

    // then
    assertThat(catalog.artifactExists(expiredA)).isFalse();
    assertThat(catalog.artifactExists(expiredB)).isFalse();
    assertThat(catalog.lineageRows(expiredA)).isZero();
    assertThat(catalog.artifactExists(liveB)).isTrue();
    assertThat(catalog.artifactExists(liveC)).isTrue();
    assertThat(store.exists(a.key())).isFalse();
    assertThat(store.exists(b.key())).isTrue();
    assertThat(store.exists(c.key())).isTrue();
    assertThat(report.expiredRowsDeleted()).isEqualTo(2);
    assertThat(report.blobsDeleted()).isEqualTo(1);
    assertThat(report.orphansDeleted()).isZero();
  }

  @Test
  void expiredInputOfALiveArtifactStaysUntilItsDependentExpires() {
    // given: x is an input of y's lineage
    StoredArtifact xBlob = put(Payloads.random(200));
    StoredArtifact yBlob = put(Payloads.random(201));
    long x = catalog.artifact(xBlob, Instant.now().minusSeconds(60));
    long y = catalog.artifact(yBlob, null);
    catalog.input(y, x);

    // when / then: y lives, so x's row and blob stay
    sweeper(Duration.ZERO).sweep();
    assertThat(catalog.artifactExists(x)).isTrue();
    assertThat(store.exists(xBlob.key())).isTrue();

    // when y expires too, both go in one sweep (dependents first)
    catalog.expire(y);
    SweepReport report = sweeper(Duration.ZERO).sweep();
    assertThat(catalog.artifactExists(x)).isFalse();
    assertThat(catalog.artifactExists(y)).isFalse();
    assertThat(store.exists(xBlob.key())).isFalse();
    assertThat(store.exists(yBlob.key())).isFalse();
    assertThat(report.expiredRowsDeleted()).isEqualTo(2);
  }

  @Test
  void blobWhoseRowIsNotCommittedYetIsProtectedOnlyByTheGracePeriod() {
    // given: a writer has put a blob and not yet committed its row
    StoredArtifact fresh = put(Payloads.random(300));

    // when the sweeper lists it, finds no row, but the blob is younger than the grace period
    SweepReport report = sweeper(Duration.ofMinutes(10)).sweep();

    // then it is kept, and the writer's row then finds its blob
    assertThat(report.keptInGrace()).isEqualTo(1);
    assertThat(store.exists(fresh.key())).isTrue();
    catalog.artifact(fresh, null);
    assertThat(sweeper(Duration.ZERO).sweep().keptReferenced()).isEqualTo(1);
    assertThat(store.exists(fresh.key())).isTrue();

    // and without a grace period the same situation loses the blob: that is the race it closes
    StoredArtifact uncommitted = put(Payloads.random(301));
    sweeper(Duration.ZERO).sweep();
    assertThat(store.exists(uncommitted.key())).isFalse();
  }

  @Test
  void orphanOlderThanTheGracePeriodIsDeleted() throws Exception {
    // given: a crash between blob put and row commit left an orphan
    StoredArtifact orphan = put(Payloads.random(400));
    StoredArtifact referenced = put(Payloads.random(401));
    catalog.artifact(referenced, null);
    Thread.sleep(300);

    // when
    SweepReport report = sweeper(Duration.ofMillis(200)).sweep();

    // then
    assertThat(store.exists(orphan.key())).isFalse();
    assertThat(store.exists(referenced.key())).isTrue();
    assertThat(report.orphansDeleted()).isEqualTo(1);
    assertThat(report.keptReferenced()).isEqualTo(1);
  }

  @Test
  void reStoringTheContentOfAnExpiredArtifactKeepsItsBlob() throws Exception {
    // given: an old blob whose only row has expired
    byte[] bytes = Payloads.random(500);
    StoredArtifact old = put(bytes);
    catalog.artifact(old, Instant.now().minusSeconds(1));
    // Older than the grace period by far, while the re-store below stays well inside it even on a
    // loaded machine (at 300 ms of grace the sweep itself once took longer, and deleted the blob).
    Thread.sleep(3_000);

    // when a writer stores the same content again (deduplicated) before the sweep, row pending
    put(bytes);
    sweeper(Duration.ofMillis(2_000)).sweep();

    // then the blob survives the expiry of the old row, and the new row finds it
    assertThat(store.exists(old.key())).isTrue();
    catalog.artifact(old, null);
    assertThat(store.exists(old.key())).isTrue();
  }

  @Test
  void concurrentWritersNeverLoseAReferencedBlob() throws Exception {
    // given: a writer that puts blobs then commits rows (some expiring at once, some crashing
    // before the commit, some re-using content of expired rows) while sweeps run back to back
    Duration grace = Duration.ofMillis(800);
    List<byte[]> hot = new ArrayList<>();
    for (int i = 0; i < 8; i++) {
      hot.add(Payloads.random(1_000 + i));
    }
    AtomicBoolean running = new AtomicBoolean(true);
    AtomicReference<Throwable> failure = new AtomicReference<>();
    ConcurrentLinkedQueue<SweepReport> reports = new ConcurrentLinkedQueue<>();
    Thread writer =
        new Thread(
            () -> {
              try {
                ThreadLocalRandom random = ThreadLocalRandom.current();
                while (running.get()) {
                  byte[] bytes =
                      random.nextInt(3) == 0
                          ? hot.get(random.nextInt(hot.size()))
                          : Payloads.random(200 + random.nextInt(2_000));
                  StoredArtifact blob = put(bytes);
                  Thread.sleep(random.nextInt(30)); // work between put and commit
                  int fate = random.nextInt(10);
                  if (fate == 0) {
                    continue; // crashed before commit: an orphan
                  }
                  catalog.artifact(
                      blob, fate < 5 ? Instant.now().minusMillis(1) : null); // expired or live
                }
              } catch (Throwable t) {
                failure.set(t);
              }
            },
            "writer");
    Thread sweeperThread =
        new Thread(
            () -> {
              try {
                ArtifactSweeper sweeper = sweeper(grace);
                while (running.get()) {
                  reports.add(sweeper.sweep());
                }
              } catch (Throwable t) {
                failure.set(t);
              }
            },
            "sweeper");

    // when
    writer.start();
    sweeperThread.start();
    Thread.sleep(5_000);
    running.set(false);
    writer.join();
    sweeperThread.join();

    // then
    assertThat(failure.get()).isNull();
    List<String> referenced = catalog.referencedKeys();
    assertThat(referenced).isNotEmpty();
    assertThat(referenced).allSatisfy(key -> assertThat(store.exists(key)).as(key).isTrue());
    // and the sweeper did real work meanwhile, so the race was exercised
    assertThat(reports.stream().mapToLong(SweepReport::expiredRowsDeleted).sum()).isPositive();
    assertThat(reports.stream().mapToLong(r -> r.blobsDeleted() + r.orphansDeleted()).sum())
        .isPositive();
  }
}
