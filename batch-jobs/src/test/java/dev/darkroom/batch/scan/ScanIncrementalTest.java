package dev.darkroom.batch.scan;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.darkroom.batch.worker.WorkerMain;
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
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * Incremental scans write nothing for unchanged files (ADR 0004): "seen" comes from the directories
 * a scan listed, and what is gone from them is closed as the walk goes.
 */
@SpringBootTest(classes = WorkerMain.WorkerApplication.class)
class ScanIncrementalTest {

  static final Path ROOT = TestArchive.newRoot("incremental");

  @DynamicPropertySource
  static void properties(DynamicPropertyRegistry registry) {
    TestDatabase.create("ScanIncrementalTest").registerWith(registry);
    registry.add("darkroom.archive.roots", ROOT::toString);
    registry.add("darkroom.data-dir", () -> ROOT.getParent().resolve("data").toString());
    registry.add("darkroom.scan.chunk-size", () -> "4");
    registry.add("darkroom.scan.threads", () -> "2");
  }

  @Autowired ScanService scans;
  @Autowired AssetRepository assets;
  @Autowired LocationRepository locations;
  @Autowired JdbcClient jdbc;

  @Test
  void rescanOfAnUnchangedTreeWritesNoLocationRowAndCountsEveryFileUnchanged() {
    for (int i = 0; i < 250; i++) {
      TestArchive.write(ROOT, String.format("many/d%d/f%03d.txt", i % 7, i), "file " + i);
    }
    TestArchive.write(ROOT, "many/empty-file.txt", new byte[0]);
    scans.scan(false, p -> {});
    Map<Long, String> rowVersions = rowVersions();
    long live = liveCount();
    List<ScanProgress> progress = new java.util.concurrent.CopyOnWriteArrayList<>();

    ScanReport rescan = scans.scan(false, progress::add);

    assertThat(rowVersions()).as("xmin of every location row").isEqualTo(rowVersions);
    assertThat(rescan.status()).isEqualTo(ScanStatus.COMPLETED);
    assertThat(rescan.filesHashed()).isZero();
    assertThat(rescan.filesGone()).isZero();
    assertThat(rescan.filesUnchanged()).isEqualTo(live);
    assertThat(rescan.filesSeen()).isEqualTo(live + rescan.problems());
    assertThat(progress.get(progress.size() - 1).entries()).isEqualTo(rescan.filesSeen());
  }

  @Test
  void vanishedFilesAndDirectoriesAreClosedAndTheirNeighboursStayUnchanged() throws Exception {
    TestArchive.write(ROOT, "gone/keep/a.txt", "a");
    Path b = TestArchive.write(ROOT, "gone/keep/b.txt", "b");
    TestArchive.write(ROOT, "gone/whole/c.txt", "c");
    TestArchive.write(ROOT, "gone/whole/deeper/d.txt", "d");
    scans.scan(false, p -> {});
    long bId = assets.findLiveAt("incremental", "gone/keep/b.txt").orElseThrow().id();
    long before = liveCount();

    Files.delete(b);
    TestArchive.sh("rm -r '" + ROOT.resolve("gone/whole") + "'");
    ScanReport report = scans.scan(false, p -> {});

    assertThat(report.filesGone()).isEqualTo(3);
    assertThat(report.filesUnchanged()).isEqualTo(before - 3);
    assertThat(assets.findLiveAt("incremental", "gone/keep/a.txt")).isPresent();
    assertThat(locations.history(bId))
        .singleElement()
        .satisfies(
            l -> {
              assertThat(l.goneReason()).isEqualTo("VANISHED");
              assertThat(l.lastSeenAt()).isBefore(report.startedAt());
            });
    assertThat(
            jdbc.sql(
                    "SELECT count(*) FROM asset_location WHERE gone_scan = ? AND rel_path IN"
                        + " ('gone/whole/c.txt', 'gone/whole/deeper/d.txt')")
                .param(report.id())
                .query(Long.class)
                .single())
        .isEqualTo(2);
  }

  @Test
  void aFileReplacedByADirectoryIsGoneAndTheFilesInsideAreNew() throws Exception {
    Path file = TestArchive.write(ROOT, "replaced/thing", "a file first");
    scans.scan(false, p -> {});
    long id = assets.findLiveAt("incremental", "replaced/thing").orElseThrow().id();

    Files.delete(file);
    TestArchive.write(ROOT, "replaced/thing/inside.txt", "now a directory");
    ScanReport report = scans.scan(false, p -> {});

    assertThat(locations.history(id))
        .singleElement()
        .satisfies(l -> assertThat(l.goneReason()).isEqualTo("VANISHED"));
    assertThat(assets.findLiveAt("incremental", "replaced/thing/inside.txt")).isPresent();
    assertThat(report.filesGone()).isEqualTo(1);
    assertThat(report.locationsNew()).isEqualTo(1);
  }

  @Test
  void lastSeenOfALiveUnchangedLocationIsTheLatestScanThatListedItsDirectory() {
    TestArchive.write(ROOT, "seen/photo.txt", "seen");
    scans.scan(false, p -> {});
    long id = assets.findLiveAt("incremental", "seen/photo.txt").orElseThrow().id();

    ScanReport latest = scans.scan(false, p -> {});

    assertThat(locations.history(id))
        .singleElement()
        .extracting(AssetLocation::lastSeenAt)
        .isEqualTo(latest.startedAt());
  }

  @Test
  void anEmptiedRootIsRefusedBeforeAnythingIsMarkedGoneAndScansOnceItIsBack() throws Exception {
    TestArchive.write(ROOT, "mount/check.txt", "present");
    scans.scan(false, p -> {});
    long live = liveCount();
    Path away = Files.createDirectories(ROOT.resolveSibling("unmounted")); // same file system
    List<Path> children;
    try (Stream<Path> list = Files.list(ROOT)) {
      children = list.toList();
    }
    for (Path child : children) {
      Files.move(child, away.resolve(child.getFileName()));
    }

    try {
      assertThatThrownBy(() -> scans.scan(false, p -> {}))
          .isInstanceOf(ScanFailedException.class)
          .hasMessageContaining("is empty, but the catalog knows " + live + " files there");
      assertThat(liveCount()).isEqualTo(live);
    } finally {
      for (Path child : children) {
        Files.move(away.resolve(child.getFileName()), child);
      }
    }
    ScanReport back = scans.scan(false, p -> {});

    assertThat(back.status()).isEqualTo(ScanStatus.COMPLETED);
    assertThat(back.filesGone()).isZero();
    assertThat(back.filesUnchanged()).isEqualTo(live);
  }

  private Map<Long, String> rowVersions() {
    return jdbc
        .sql("SELECT id, xmin::text AS v FROM asset_location")
        .query((rs, n) -> Map.entry(rs.getLong("id"), rs.getString("v")))
        .list()
        .stream()
        .collect(Collectors.toMap(Map.Entry::getKey, Map.Entry::getValue));
  }

  private long liveCount() {
    return jdbc.sql("SELECT count(*) FROM asset_location WHERE gone_at IS NULL")
        .query(Long.class)
        .single();
  }
}
