package dev.darkroom.batch.scan;

import static org.assertj.core.api.Assertions.assertThat;

import dev.darkroom.batch.worker.WorkerMain;
import dev.darkroom.core.catalog.Asset;
import dev.darkroom.core.catalog.AssetLocation;
import dev.darkroom.core.catalog.AssetRepository;
import dev.darkroom.core.catalog.LocationRepository;
import dev.darkroom.core.catalog.ScanReport;
import dev.darkroom.core.catalog.ScanStatus;
import dev.darkroom.testsupport.TestDatabase;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/** The catalog scan against real PostgreSQL and a real directory tree of well-formed files. */
@SpringBootTest(classes = WorkerMain.WorkerApplication.class)
class ScanJobTest {

  static final Path ROOT = TestArchive.newRoot("photos");

  @DynamicPropertySource
  static void properties(DynamicPropertyRegistry registry) {
    TestDatabase.create("ScanJobTest").registerWith(registry);
    registry.add("darkroom.archive.roots", ROOT::toString);
    registry.add("darkroom.data-dir", () -> ROOT.getParent().resolve("data").toString());
    registry.add("darkroom.scan.chunk-size", () -> "3");
    registry.add("darkroom.scan.threads", () -> "2");
  }

  @Autowired ScanService scans;
  @Autowired AssetRepository assets;
  @Autowired LocationRepository locations;
  @Autowired dev.darkroom.core.catalog.ScanLock scanLock;

  @Test
  void scanIsRefusedWhileAnotherHoldsTheScanLockAndRunsOnceItIsReleased() {
    ScanReport report;
    try (var otherProcess = scanLock.acquire()) {
      org.assertj.core.api.Assertions.assertThatThrownBy(() -> scans.scan(false, p -> {}))
          .isInstanceOf(dev.darkroom.core.catalog.ScanAlreadyRunningException.class)
          .hasMessageContaining("Another catalog scan is running");
    }

    report = scans.scan(false, p -> {});

    assertThat(report.status()).isEqualTo(ScanStatus.COMPLETED);
  }

  @Test
  void sameBytesAtTwoPathsAreOneAssetWithTwoLocations() {
    byte[] jpeg = TestArchive.image("jpg", 64, 48, 1);
    TestArchive.write(ROOT, "identity/a.jpg", jpeg);
    TestArchive.write(ROOT, "identity/copy of a.jpg", jpeg);
    TestArchive.write(ROOT, "identity/b.png", TestArchive.image("png", 10, 20, 2));

    ScanReport report = scans.scan(false, p -> {});

    assertThat(report.status()).isEqualTo(ScanStatus.COMPLETED);
    Asset a = assets.findBySha256(TestArchive.sha256(jpeg)).orElseThrow();
    assertThat(a.mediaType()).isEqualTo("image/jpeg");
    assertThat(a.sizeBytes()).isEqualTo(jpeg.length);
    assertThat(a.width()).isEqualTo(64);
    assertThat(a.height()).isEqualTo(48);
    assertThat(locations.history(a.id()))
        .extracting(AssetLocation::relPath)
        .containsExactlyInAnyOrder("identity/a.jpg", "identity/copy of a.jpg");
    Asset b = assets.findLiveAt("photos", "identity/b.png").orElseThrow();
    assertThat(b.mediaType()).isEqualTo("image/png");
    assertThat(b.width()).isEqualTo(10);
    assertThat(report.duplicates()).isGreaterThanOrEqualTo(1);
  }

  @Test
  void rescanOfUnchangedTreeHashesNothingButFullRescanHashesEverything() {
    TestArchive.write(ROOT, "incremental/one.txt", "one");
    TestArchive.write(ROOT, "incremental/two.txt", "two");
    ScanReport first = scans.scan(false, p -> {});

    ScanReport second = scans.scan(false, p -> {});
    ScanReport full = scans.scan(true, p -> {});

    assertThat(first.filesHashed()).isGreaterThanOrEqualTo(2);
    assertThat(second.filesHashed()).isZero();
    assertThat(second.filesUnchanged()).isEqualTo(second.filesSeen());
    assertThat(second.assetsNew()).isZero();
    assertThat(full.filesHashed()).isEqualTo(full.filesSeen());
    assertThat(full.filesUnchanged()).isZero();
  }

  @Test
  void movedFileKeepsItsAssetAndItsOldLocationIsClosed() throws Exception {
    Path original =
        TestArchive.write(ROOT, "move/from/photo.jpg", TestArchive.image("jpg", 8, 8, 3));
    scans.scan(false, p -> {});
    long id = assets.findLiveAt("photos", "move/from/photo.jpg").orElseThrow().id();

    Files.createDirectories(ROOT.resolve("move/to"));
    Files.move(original, ROOT.resolve("move/to/renamed.jpg"));
    ScanReport report = scans.scan(false, p -> {});

    assertThat(report.filesMoved()).isEqualTo(1);
    assertThat(report.assetsNew()).isZero();
    assertThat(report.duplicates()).isZero();
    assertThat(assets.findLiveAt("photos", "move/to/renamed.jpg").orElseThrow().id()).isEqualTo(id);
    assertThat(locations.history(id))
        .extracting(AssetLocation::relPath, AssetLocation::live, AssetLocation::goneReason)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple("move/from/photo.jpg", false, "VANISHED"),
            org.assertj.core.groups.Tuple.tuple("move/to/renamed.jpg", true, null));
  }

  @Test
  void vanishedFileIsMarkedGoneAndNeverDeleted() throws Exception {
    Path file = TestArchive.write(ROOT, "vanish/gone.txt", "soon gone");
    scans.scan(false, p -> {});
    long id = assets.findLiveAt("photos", "vanish/gone.txt").orElseThrow().id();

    Files.delete(file);
    ScanReport report = scans.scan(false, p -> {});

    assertThat(report.filesGone()).isEqualTo(1);
    assertThat(assets.findById(id)).isPresent();
    List<AssetLocation> history = locations.history(id);
    assertThat(history).hasSize(1);
    assertThat(history.get(0).goneAt()).isNotNull();
    assertThat(history.get(0).goneReason()).isEqualTo("VANISHED");
  }

  @Test
  void changedFileAtKnownPathBecomesNewAssetAndClosesOldLocation() throws Exception {
    Path file = TestArchive.write(ROOT, "change/notes.txt", "version 1");
    TestArchive.touch(file, 1_600_000_000L);
    scans.scan(false, p -> {});
    long oldId = assets.findLiveAt("photos", "change/notes.txt").orElseThrow().id();

    Files.writeString(file, "version 2, longer");
    TestArchive.touch(file, 1_700_000_000L);
    ScanReport report = scans.scan(false, p -> {});

    Asset now = assets.findLiveAt("photos", "change/notes.txt").orElseThrow();
    assertThat(now.id()).isNotEqualTo(oldId);
    assertThat(now.sha256()).isEqualTo(TestArchive.sha256("version 2, longer".getBytes()));
    assertThat(report.filesChanged()).isEqualTo(1);
    assertThat(report.duplicates()).isZero();
    assertThat(locations.history(oldId))
        .singleElement()
        .satisfies(
            l -> {
              assertThat(l.live()).isFalse();
              assertThat(l.goneReason()).isEqualTo("CHANGED");
            });
  }

  @Test
  void aChangedFileWhoseNewContentExistsElsewhereIsADuplicateNotANewAsset() throws Exception {
    Path file = TestArchive.write(ROOT, "mixed/draft.txt", "first draft");
    TestArchive.write(ROOT, "mixed/final.txt", "final text");
    TestArchive.touch(file, 1_600_000_000L);
    scans.scan(false, p -> {});

    Files.writeString(file, "final text");
    TestArchive.touch(file, 1_700_000_000L);
    TestArchive.write(ROOT, "mixed/copy of final.txt", "final text");
    ScanReport report = scans.scan(false, p -> {});

    assertThat(report.filesChanged()).isEqualTo(1);
    assertThat(report.assetsNew()).isZero();
    assertThat(report.locationsNew()).isEqualTo(2);
    assertThat(report.duplicates()).isEqualTo(2);
  }

  @Test
  void scanLeavesEveryOriginalUntouched() throws Exception {
    TestArchive.write(ROOT, "untouched/x.jpg", TestArchive.image("jpg", 30, 30, 9));
    TestArchive.write(ROOT, "untouched/deeper/y.txt", "y");
    Map<String, String> before = TestArchive.snapshot(ROOT);

    scans.scan(true, p -> {});
    scans.scan(false, p -> {});

    assertThat(TestArchive.snapshot(ROOT)).isEqualTo(before);
  }

  @Test
  void progressIsReportedAfterEachChunk() {
    for (int i = 0; i < 10; i++) {
      TestArchive.write(ROOT, "progress/f" + i + ".txt", "file " + i);
    }
    List<ScanProgress> seen = new java.util.concurrent.CopyOnWriteArrayList<>();

    ScanReport report = scans.scan(false, seen::add);

    assertThat(seen).hasSizeGreaterThanOrEqualTo(report.filesSeen() > 3 ? 2 : 1);
    assertThat(seen.get(seen.size() - 1).entries()).isEqualTo(report.filesSeen());
  }
}
