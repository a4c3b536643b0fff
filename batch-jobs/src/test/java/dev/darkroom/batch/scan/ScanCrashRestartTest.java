package dev.darkroom.batch.scan;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;

import dev.darkroom.batch.worker.WorkerMain;
import dev.darkroom.core.catalog.ProblemKind;
import dev.darkroom.core.catalog.ScanReport;
import dev.darkroom.core.catalog.ScanReport.ScanProblem;
import dev.darkroom.core.catalog.ScanStatus;
import dev.darkroom.testsupport.TestDatabase;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.springframework.batch.core.job.JobExecution;
import org.springframework.batch.core.repository.JobRepository;
import org.springframework.batch.core.step.StepExecution;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * A scan worker killed with SIGKILL mid-scan, then resumed: every file ends up catalogued exactly
 * once, at most one chunk is redone, and the archive is byte-for-byte untouched.
 */
@SpringBootTest(classes = WorkerMain.WorkerApplication.class)
class ScanCrashRestartTest {

  static final int FILES = 3000;
  static final int CHUNK = 10;
  static final Path ROOT = TestArchive.newRoot("crash");
  static final TestDatabase DB = TestDatabase.create("ScanCrashRestartTest");

  @DynamicPropertySource
  static void properties(DynamicPropertyRegistry registry) {
    DB.registerWith(registry);
    registry.add("darkroom.archive.roots", ROOT::toString);
    registry.add("darkroom.data-dir", () -> ROOT.getParent().resolve("data").toString());
    registry.add("darkroom.scan.chunk-size", () -> Integer.toString(CHUNK));
  }

  @Autowired ScanService scans;
  @Autowired JdbcClient jdbc;
  @Autowired JobRepository jobRepository;

  @Test
  void killedScanResumesFromLastCommittedChunkAndCataloguesEveryFileOnce() throws Exception {
    byte[] block = new byte[8 * 1024];
    for (int i = 0; i < FILES; i++) {
      block[0] = (byte) i;
      block[1] = (byte) (i >> 8);
      TestArchive.write(ROOT, String.format("dir%02d/file%04d.bin", i % 30, i), block);
    }
    Map<String, String> before = TestArchive.snapshot(ROOT);

    Process worker =
        WorkerProcess.startScan(
            DB,
            ROOT,
            List.of(),
            "--darkroom.scan.chunk-size=" + CHUNK,
            "--darkroom.scan.threads=1");
    long committedAtKill = waitForCommitted(worker, 5 * CHUNK);
    worker.destroyForcibly();
    assertThat(worker.waitFor(30, TimeUnit.SECONDS)).isTrue();
    long committed = countCatalogued();
    assertThat(committed).isLessThan(FILES);
    assertThat(jdbc.sql("SELECT status FROM scan").query(String.class).single())
        .isEqualTo("RUNNING");
    waitForScanLockReleased(jdbc);

    ScanReport resumed = scans.scan(false, p -> {});

    assertThat(resumed.status()).isEqualTo(ScanStatus.COMPLETED);
    assertThat(resumed.id())
        .isEqualTo(jdbc.sql("SELECT min(id) FROM scan").query(Long.class).single());
    assertThat(countCatalogued()).isEqualTo(FILES);
    assertThat(jdbc.sql("SELECT count(*) FROM asset").query(Long.class).single()).isEqualTo(FILES);
    assertThat(
            jdbc.sql("SELECT count(*) FROM asset_location WHERE gone_at IS NULL")
                .query(Long.class)
                .single())
        .isEqualTo(FILES);
    assertThat(resumed.filesSeen()).isEqualTo(FILES);
    assertThat(resumed.assetsNew()).isEqualTo(FILES);
    JobExecution restart =
        jobRepository.getJobExecution(
            jdbc.sql("SELECT job_execution_id FROM scan").query(Long.class).single());
    StepExecution files =
        restart.getStepExecutions().stream()
            .filter(s -> s.getStepName().equals("scan-files"))
            .findFirst()
            .orElseThrow();
    assertThat(files.getReadCount())
        .as("entries read after restart (%d were committed before the kill)", committed)
        .isBetween(FILES - committed, FILES - committed + CHUNK);
    assertThat(committedAtKill).isPositive();
    assertThat(TestArchive.snapshot(ROOT)).isEqualTo(before);
  }

  @Test
  void unreadableFilesAndDirectoriesAreProblemsAndNeverMarkedGone() throws Exception {
    assumeThat(Files.isExecutable(Path.of("/usr/bin/setpriv")))
        .as("needs setpriv (util-linux) to drop CAP_DAC_OVERRIDE so permissions apply to root")
        .isTrue();
    Path root = TestArchive.newRoot("locked");
    TestDatabase db = TestDatabase.create("locked");
    TestArchive.write(root, "open/readable.txt", "readable");
    Path secret = TestArchive.write(root, "open/secret.txt", "secret");
    TestArchive.write(root, "closed/inside.txt", "inside");
    List<String> asRoot = List.of();
    assertThat(WorkerProcess.startScan(db, root, asRoot).waitFor()).isZero();
    Files.setPosixFilePermissions(secret, java.util.Set.of());
    Files.setPosixFilePermissions(root.resolve("closed"), java.util.Set.of());
    Map<String, String> before = TestArchive.snapshot(root);
    List<String> withoutPermissionOverride =
        List.of(
            "setpriv",
            "--bounding-set=-dac_override,-dac_read_search",
            "--inh-caps=-dac_override,-dac_read_search",
            "--");

    Process worker = WorkerProcess.startScan(db, root, withoutPermissionOverride, "--full");

    assertThat(worker.waitFor(120, TimeUnit.SECONDS)).isTrue();
    assertThat(worker.exitValue()).isZero();
    JdbcClient locked = JdbcClient.create(db.dataSource());
    List<ScanProblem> problems =
        locked
            .sql(
                "SELECT rel_path, kind FROM scan_problem WHERE scan_id = (SELECT max(id) FROM scan)")
            .query(
                (rs, n) ->
                    new ScanProblem(
                        "locked", rs.getString(1), ProblemKind.valueOf(rs.getString(2)), ""))
            .list();
    assertThat(problems)
        .extracting(ScanProblem::relPath, ScanProblem::kind)
        .containsExactlyInAnyOrder(
            org.assertj.core.groups.Tuple.tuple("open/secret.txt", ProblemKind.UNREADABLE),
            org.assertj.core.groups.Tuple.tuple("closed", ProblemKind.UNREADABLE_DIRECTORY));
    assertThat(
            locked
                .sql("SELECT count(*) FROM asset_location WHERE gone_at IS NOT NULL")
                .query(Long.class)
                .single())
        .isZero();
    assertThat(TestArchive.snapshot(root)).isEqualTo(before);
  }

  @Test
  void killedRescanResumesAndClosesExactlyTheVanishedFilesWithoutWritingUnchangedOnes()
      throws Exception {
    Path root = TestArchive.newRoot("rescan");
    TestDatabase db = TestDatabase.create("rescan");
    JdbcClient catalog = JdbcClient.create(db.dataSource());
    int files = 1500;
    byte[] block = new byte[8 * 1024];
    for (int i = 0; i < files; i++) {
      block[0] = (byte) i;
      block[1] = (byte) (i >> 8);
      TestArchive.write(root, String.format("dir%02d/file%04d.bin", i % 15, i), block);
    }
    assertThat(WorkerProcess.startScan(db, root, List.of()).waitFor()).isZero();
    java.util.Set<String> unchanged = new java.util.HashSet<>();
    int deleted = 0;
    int touched = 0;
    for (int i = 0; i < files; i++) {
      String rel = String.format("dir%02d/file%04d.bin", i % 15, i);
      if (i % 7 == 0) {
        Files.delete(root.resolve(rel));
        deleted++;
      } else if (i % 3 != 0) {
        TestArchive.touch(root.resolve(rel), 1_700_000_000L + i); // re-hashed, same content
        touched++;
      } else {
        unchanged.add(rel);
      }
    }
    Map<String, String> unchangedVersions = rowVersions(catalog, unchanged);

    Process worker =
        WorkerProcess.startScan(
            db,
            root,
            List.of(),
            "--darkroom.scan.chunk-size=" + CHUNK,
            "--darkroom.scan.threads=1");
    long rescan = 2;
    Instant deadline = Instant.now().plus(Duration.ofMinutes(2));
    while (hashedBy(catalog, rescan) < 5 * CHUNK) {
      assertThat(worker.isAlive()).as("worker still running").isTrue();
      assertThat(Instant.now()).isBefore(deadline);
      Thread.sleep(10);
    }
    worker.destroyForcibly();
    assertThat(worker.waitFor(30, TimeUnit.SECONDS)).isTrue();
    assertThat(hashedBy(catalog, rescan)).isLessThan(touched);
    waitForScanLockReleased(catalog);
    assertThat(WorkerProcess.startScan(db, root, List.of()).waitFor()).isZero();

    Map<String, Object> report =
        catalog.sql("SELECT * FROM scan WHERE id = ?").param(rescan).query().singleRow();
    assertThat(report.get("status")).isEqualTo("COMPLETED");
    assertThat(catalog.sql("SELECT count(*) FROM scan").query(Long.class).single()).isEqualTo(2);
    assertThat(report.get("files_gone")).isEqualTo((long) deleted);
    assertThat(report.get("files_hashed")).isEqualTo((long) touched);
    assertThat(report.get("files_unchanged")).isEqualTo((long) unchanged.size());
    assertThat(report.get("files_seen")).isEqualTo((long) (files - deleted));
    assertThat(
            catalog
                .sql(
                    "SELECT rel_path FROM asset_location WHERE gone_scan = ?"
                        + " AND gone_reason = 'VANISHED' ORDER BY rel_path")
                .param(rescan)
                .query(String.class)
                .list())
        .hasSize(deleted)
        .allSatisfy(rel -> assertThat(Files.exists(root.resolve(rel))).isFalse());
    assertThat(
            catalog
                .sql("SELECT count(*) FROM asset_location WHERE gone_at IS NULL")
                .query(Long.class)
                .single())
        .isEqualTo(files - deleted);
    assertThat(rowVersions(catalog, unchanged))
        .as("row versions (xmin) of the unchanged files' locations")
        .hasSize(unchanged.size())
        .isEqualTo(unchangedVersions);
  }

  private static Map<String, String> rowVersions(JdbcClient catalog, java.util.Set<String> paths) {
    Map<String, String> versions = new java.util.HashMap<>();
    catalog
        .sql("SELECT rel_path, xmin::text AS version FROM asset_location")
        .query(
            rs -> {
              if (paths.contains(rs.getString("rel_path"))) {
                versions.put(rs.getString("rel_path"), rs.getString("version"));
              }
            });
    return versions;
  }

  /**
   * The killed worker's advisory lock goes with its PostgreSQL session, once the server has noticed
   * the dead connection: on a loaded machine that can take a moment after the process is gone.
   */
  private static void waitForScanLockReleased(JdbcClient catalog) throws InterruptedException {
    Instant deadline = Instant.now().plus(Duration.ofSeconds(30));
    while (catalog
            .sql(
                "SELECT count(*) FROM pg_locks WHERE locktype = 'advisory' AND database ="
                    + " (SELECT oid FROM pg_database WHERE datname = current_database())")
            .query(Long.class)
            .single()
        > 0) {
      assertThat(Instant.now()).as("scan lock released").isBefore(deadline);
      Thread.sleep(20);
    }
  }

  private static long hashedBy(JdbcClient catalog, long scanId) {
    return catalog
        .sql("SELECT count(*) FROM asset_location WHERE hashed_scan = ?")
        .param(scanId)
        .query(Long.class)
        .single();
  }

  private long waitForCommitted(Process worker, long atLeast) throws InterruptedException {
    Instant deadline = Instant.now().plus(Duration.ofMinutes(2));
    while (Instant.now().isBefore(deadline)) {
      assertThat(worker.isAlive()).as("worker still running").isTrue();
      long n = countCatalogued();
      if (n >= atLeast) {
        return n;
      }
      Thread.sleep(20);
    }
    throw new AssertionError("the worker committed nothing within 2 minutes");
  }

  private long countCatalogued() {
    return jdbc.sql("SELECT count(*) FROM asset_location").query(Long.class).single();
  }
}
