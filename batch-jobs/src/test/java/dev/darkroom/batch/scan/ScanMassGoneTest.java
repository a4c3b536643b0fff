package dev.darkroom.batch.scan;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.darkroom.batch.worker.WorkerMain;
import dev.darkroom.core.catalog.AssetRepository;
import dev.darkroom.core.catalog.ScanReport;
import dev.darkroom.core.catalog.ScanStatus;
import dev.darkroom.testsupport.TestDatabase;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * A rescan that would mark most of a root gone refuses and writes no "gone" (issue 9); with
 * allow-mass-gone it proceeds; files put back at the same path, size and mtime re-attach to their
 * asset without being read.
 */
@SpringBootTest(classes = WorkerMain.WorkerApplication.class)
class ScanMassGoneTest {

  static final Path ROOT = TestArchive.newRoot("massgone");
  static final int FILES = 30;

  @DynamicPropertySource
  static void properties(DynamicPropertyRegistry registry) {
    TestDatabase.create("ScanMassGoneTest").registerWith(registry);
    registry.add("darkroom.archive.roots", ROOT::toString);
    registry.add("darkroom.data-dir", () -> ROOT.getParent().resolve("data").toString());
    registry.add("darkroom.scan.chunk-size", () -> "4");
  }

  @Autowired ScanService scans;
  @Autowired AssetRepository assets;
  @Autowired JdbcClient jdbc;

  @Test
  void strayFileRescanRefusesThenProceedsWithTheFlagAndRestoredFilesReattachUnread()
      throws Exception {
    // given a catalogued root of 30 files in three directories
    Map<String, Long> assetIds = new HashMap<>();
    Map<String, Long> locationIds = new HashMap<>();
    Map<String, FileTime> mtimes = new HashMap<>();
    for (int i = 0; i < FILES; i++) {
      String rel = String.format("d%d/photo-%02d.txt", i % 3, i);
      TestArchive.write(ROOT, rel, "original content " + i);
    }
    ScanReport first = scans.scan(false, p -> {});
    assertThat(first.status()).isEqualTo(ScanStatus.COMPLETED);
    for (int i = 0; i < FILES; i++) {
      String rel = String.format("d%d/photo-%02d.txt", i % 3, i);
      assetIds.put(rel, assets.findLiveAt("massgone", rel).orElseThrow().id());
      locationIds.put(rel, liveLocationId(rel));
      mtimes.put(rel, Files.getLastModifiedTime(ROOT.resolve(rel)));
    }

    // when the root is emptied but for one stray README.txt and rescanned
    TestArchive.sh("rm -r '" + ROOT + "'/d0 '" + ROOT + "'/d1 '" + ROOT + "'/d2");
    TestArchive.write(ROOT, "README.txt", "stray");

    // then the scan refuses, says why, and nothing was marked gone
    assertThatThrownBy(() -> scans.scan(false, p -> {}))
        .isInstanceOfSatisfying(
            ScanFailedException.class,
            e -> {
              assertThat(e.getCause()).isInstanceOf(MassGoneRefusedException.class);
              assertThat(e.report().status()).isEqualTo(ScanStatus.FAILED);
              assertThat(e.report().error())
                  .contains("would mark 30 of its")
                  .contains("--allow-mass-gone");
              assertThat(e.report().filesGone()).isZero();
            });
    assertThat(closedPhotos()).isZero();
    assertThat(count("SELECT count(*) FROM scan_vanished")).isZero();

    // when it is rescanned with the flag, then it proceeds
    ScanReport allowed = scans.scan(false, true, p -> {}, id -> {});
    assertThat(allowed.status()).isEqualTo(ScanStatus.COMPLETED);
    assertThat(allowed.filesGone()).isEqualTo(FILES);
    assertThat(closedPhotos()).isEqualTo(FILES);

    // when the files come back at the same path, size and mtime — with different bytes of the
    // same length, so a scan that read them would find new content
    for (int i = 0; i < FILES; i++) {
      String rel = String.format("d%d/photo-%02d.txt", i % 3, i);
      Path file = TestArchive.write(ROOT, rel, "ORIGINAL CONTENT " + i);
      Files.setLastModifiedTime(file, mtimes.get(rel));
    }
    ScanReport restored = scans.scan(false, p -> {});

    // then each reopens its own location with its own asset, and nothing was hashed
    assertThat(restored.status()).isEqualTo(ScanStatus.COMPLETED);
    assertThat(restored.filesHashed()).isZero();
    assertThat(restored.assetsNew()).isZero();
    assertThat(restored.locationsNew()).isZero();
    assertThat(restored.filesGone()).isZero();
    for (String rel : assetIds.keySet()) {
      assertThat(assets.findLiveAt("massgone", rel).orElseThrow().id())
          .isEqualTo(assetIds.get(rel));
      assertThat(liveLocationId(rel)).isEqualTo(locationIds.get(rel));
    }
    assertThat(closedPhotos()).isZero();

    // and a rescan after that is an ordinary unchanged rescan
    ScanReport again = scans.scan(false, p -> {});
    assertThat(again.filesHashed()).isZero();
    assertThat(again.filesUnchanged())
        .isEqualTo(count("SELECT count(*) FROM asset_location WHERE gone_at IS NULL"));
  }

  @Test
  void aFewFilesGoneBelowTheFloorAreClosedWithoutTheFlag() throws Exception {
    // given three files in a directory of their own, and one elsewhere that stays
    TestArchive.write(ROOT, "stays/keep.txt", "keep");
    for (int i = 0; i < 3; i++) {
      TestArchive.write(ROOT, "few/f" + i + ".txt", "few " + i);
    }
    scans.scan(false, p -> {});
    long closedBefore = closedLocations();

    // when all three go (every file of their directory, but not more than the floor)
    TestArchive.sh("rm -r '" + ROOT.resolve("few") + "'");
    ScanReport report = scans.scan(false, p -> {});

    // then they are closed
    assertThat(report.status()).isEqualTo(ScanStatus.COMPLETED);
    assertThat(report.filesGone()).isEqualTo(3);
    assertThat(closedLocations()).isEqualTo(closedBefore + 3);
  }

  private long liveLocationId(String rel) {
    return jdbc.sql("SELECT id FROM asset_location WHERE rel_path = ? AND gone_at IS NULL")
        .param(rel)
        .query(Long.class)
        .single();
  }

  private long closedPhotos() {
    return count(
        "SELECT count(*) FROM asset_location WHERE gone_at IS NOT NULL AND rel_path LIKE 'd_/%'");
  }

  private long closedLocations() {
    return count("SELECT count(*) FROM asset_location WHERE gone_at IS NOT NULL");
  }

  private long count(String sql) {
    return jdbc.sql(sql).query(Long.class).single();
  }
}
