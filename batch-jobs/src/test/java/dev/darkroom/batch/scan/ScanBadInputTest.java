package dev.darkroom.batch.scan;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import dev.darkroom.batch.worker.WorkerMain;
import dev.darkroom.core.catalog.AssetRepository;
import dev.darkroom.core.catalog.ProblemKind;
import dev.darkroom.core.catalog.ScanReport;
import dev.darkroom.core.catalog.ScanReport.ScanProblem;
import dev.darkroom.core.catalog.ScanStatus;
import dev.darkroom.testsupport.TestDatabase;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/** Every kind of bad input becomes a problem with a reason; the scan completes regardless. */
@SpringBootTest(classes = WorkerMain.WorkerApplication.class)
class ScanBadInputTest {

  static final Path ROOT = TestArchive.newRoot("messy");
  static final Path OUTSIDE = ROOT.getParent().resolve("outside");

  @DynamicPropertySource
  static void properties(DynamicPropertyRegistry registry) {
    TestDatabase.create("ScanBadInputTest").registerWith(registry);
    registry.add("darkroom.archive.roots", ROOT::toString);
    registry.add("darkroom.data-dir", () -> ROOT.getParent().resolve("data").toString());
    registry.add("darkroom.scan.chunk-size", () -> "4");
    registry.add("darkroom.scan.max-depth", () -> "30");
  }

  @Autowired ScanService scans;
  @Autowired AssetRepository assets;

  static byte[] png = TestArchive.image("png", 12, 7, 5);
  static byte[] jpeg = TestArchive.image("jpg", 40, 30, 6);

  @BeforeAll
  static void messyArchive() throws Exception {
    TestArchive.write(ROOT, "good/ok.jpg", jpeg);
    TestArchive.write(ROOT, "bad/empty.jpg", new byte[0]);
    TestArchive.write(ROOT, "bad/png-named.jpg", png);
    TestArchive.write(ROOT, "bad/text-named.jpg", "this is not an image");
    TestArchive.write(ROOT, "bad/truncated.jpg", Arrays.copyOf(jpeg, jpeg.length / 3));
    TestArchive.write(ROOT, "bad/<img src=x onerror=alert(1)>.jpg", jpeg);
    TestArchive.write(ROOT, "bad/Ünïcødé – café.txt", "unicode");
    TestArchive.write(OUTSIDE, "secret.txt", "outside the archive");
    Path deep = ROOT.resolve("deep");
    for (int i = 0; i < 35; i++) {
      deep = deep.resolve("level" + i);
    }
    TestArchive.write(deep, "too-deep.txt", "deep");
    TestArchive.sh(
        String.join(
            "\n",
            "set -e",
            "cd '" + ROOT + "/bad'",
            "mkfifo a-fifo",
            "ln -s .. loop",
            "ln -s '" + OUTSIDE + "/secret.txt' escape.txt",
            "ln -s does-not-exist dangling",
            "printf x > \"$(printf 'latin1-\\351t\\351.txt')\""));
  }

  @Test
  void everyBadEntryIsReportedWithAReasonAndTheRestIsCatalogued() throws Exception {
    Map<String, String> before = TestArchive.snapshot(ROOT);

    ScanReport report = scans.scan(false, p -> {});

    assertThat(report.status()).isEqualTo(ScanStatus.COMPLETED);
    assertThat(report.problemList())
        .extracting(ScanProblem::relPath, ScanProblem::kind)
        .contains(
            tuple("bad/empty.jpg", ProblemKind.EMPTY_FILE),
            tuple("bad/a-fifo", ProblemKind.SPECIAL_FILE),
            tuple("bad/loop", ProblemKind.SYMLINK_LOOP),
            tuple("bad/escape.txt", ProblemKind.SYMLINK_OUTSIDE_ROOT),
            tuple("bad/dangling", ProblemKind.SYMLINK_OUTSIDE_ROOT),
            tuple("bad/latin1-\uFFFDt\uFFFD.txt", ProblemKind.NOT_UTF8_NAME));
    assertThat(report.problemList())
        .filteredOn(p -> p.kind() == ProblemKind.TOO_DEEP)
        .singleElement()
        .satisfies(p -> assertThat(p.relPath()).startsWith("deep/level0/"));
    assertThat(report.problemList()).allSatisfy(p -> assertThat(p.message()).isNotBlank());
    assertThat(TestArchive.snapshot(ROOT)).isEqualTo(before);
  }

  @Test
  void mediaTypeComesFromContentNotTheExtension() {
    scans.scan(false, p -> {});

    assertThat(assets.findLiveAt("messy", "bad/png-named.jpg").orElseThrow().mediaType())
        .isEqualTo("image/png");
    assertThat(assets.findLiveAt("messy", "bad/text-named.jpg").orElseThrow().mediaType())
        .startsWith("text/plain");
    assertThat(assets.findLiveAt("messy", "bad/truncated.jpg").orElseThrow().mediaType())
        .isEqualTo("image/jpeg");
    assertThat(assets.findLiveAt("messy", "bad/<img src=x onerror=alert(1)>.jpg")).isPresent();
    assertThat(assets.findLiveAt("messy", "bad/Ünïcødé – café.txt")).isPresent();
  }

  @Test
  void symlinkedDirectoryInsideTheRootIsFollowedWithoutLoopingForever() throws Exception {
    TestArchive.sh("cd '" + ROOT + "' && mkdir -p linked && ln -sfn ../good linked/alias");

    ScanReport report = scans.scan(false, p -> {});

    assertThat(report.status()).isEqualTo(ScanStatus.COMPLETED);
    assertThat(assets.findLiveAt("messy", "linked/alias/ok.jpg").orElseThrow().sha256())
        .isEqualTo(TestArchive.sha256(jpeg));
  }

  @Test
  void fileThatVanishesBeforeItIsReadBecomesAVanishedProblem() throws Exception {
    Path file = TestArchive.write(ROOT, "vanishing/soon.txt", "here now");
    ScanRoot root = new ScanRoot(new dev.darkroom.storage.archive.MountedRoot("messy", ROOT), 1);
    FileCandidate candidate =
        new FileCandidate(
            root,
            WalkEntry.file(
                "vanishing/soon.txt",
                file,
                Files.size(file),
                Files.getLastModifiedTime(file).toInstant()),
            null);
    Files.delete(file);

    var result =
        new ScanItemProcessor(
                new FileInspector(
                    new dev.darkroom.storage.archive.ArchiveReader(java.util.List.of(ROOT))),
                1,
                false)
            .process(candidate)
            .entry();

    assertThat(result)
        .isInstanceOfSatisfying(
            dev.darkroom.core.catalog.ScannedFile.Problem.class,
            p -> assertThat(p.kind()).isEqualTo(ProblemKind.VANISHED));
  }
}
