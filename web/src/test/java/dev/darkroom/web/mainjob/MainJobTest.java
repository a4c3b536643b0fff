package dev.darkroom.web.mainjob;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The README's first command, end to end on the embedded defaults: its own PostgreSQL in the data
 * directory, a generated sample archive, the scan report, an {@code images-basic} sandbox run
 * through Temporal (the dev server when {@code temporal} is on PATH, else the in-process test
 * server) with its summary, and a second main job that reuses all of it: an incremental rescan and
 * a new run.
 */
class MainJobTest {

  @TempDir Path dataDir;
  private final ByteArrayOutputStream out = new ByteArrayOutputStream();
  private PrintStream originalOut;

  @BeforeEach
  void captureStdout() {
    originalOut = System.out;
    System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
  }

  @AfterEach
  void restoreStdout() {
    System.setOut(originalOut);
  }

  @Test
  void mainJobCataloguesGeneratedSampleOnEmbeddedDefaultsAndRescansIncrementally() {
    String dataDirArg = "--darkroom.data-dir=" + dataDir;

    int first = MainJob.run(new String[] {MainJob.COMMAND, dataDirArg});
    String firstOutput = out.toString(StandardCharsets.UTF_8);
    out.reset();
    int second = MainJob.run(new String[] {MainJob.COMMAND, dataDirArg});
    String secondOutput = out.toString(StandardCharsets.UTF_8);

    assertThat(first).isZero();
    assertThat(second).isZero();
    assertThat(Files.exists(dataDir.resolve("postgres/PG_VERSION"))).isTrue();
    assertThat(Files.isDirectory(dataDir.resolve("sample-archive"))).isTrue();
    assertThat(firstOutput)
        .contains("Generated a sample archive")
        .contains("Scan #1 COMPLETED")
        .containsPattern("new assets\\s+[1-9]\\d*")
        .containsPattern("duplicates\\s+1\\b")
        .contains("EMPTY_FILE")
        .contains("image/jpeg");
    assertThat(secondOutput)
        .doesNotContain("Generated a sample archive")
        .contains("Scan #2 COMPLETED")
        .containsPattern("hashed\\s+0 files")
        .containsPattern("new assets\\s+0\\b")
        .contains("Run #2: images-basic")
        .contains("Run #2 COMPLETED_WITH_FAILURES")
        .containsPattern("artifacts\\s+61 \\(all with lineage\\)");
  }

  @Test
  void missingArchiveIsAClearErrorAndNothingIsScanned() {
    Path missing = dataDir.resolve("not-mounted");
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    PrintStream originalErr = System.err;
    System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
    int code;
    try {
      code =
          MainJob.run(
              new String[] {MainJob.COMMAND, missing.toString(), "--darkroom.data-dir=" + dataDir});
    } finally {
      System.setErr(originalErr);
    }

    assertThat(code).isEqualTo(1);
    assertThat(err.toString(StandardCharsets.UTF_8))
        .contains("Archive root 'not-mounted'")
        .contains("is not available: the directory does not exist")
        .contains("Is the archive mounted?");
    assertThat(Files.exists(missing)).isFalse();
  }

  @Test
  void aBadSampleSizeIsRefusedBeforeAnythingStarts() {
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    PrintStream originalErr = System.err;
    System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
    int code;
    try {
      code =
          MainJob.run(
              new String[] {MainJob.COMMAND, "--sample=none", "--darkroom.data-dir=" + dataDir});
    } finally {
      System.setErr(originalErr);
    }

    assertThat(code).isEqualTo(2);
    assertThat(err.toString(StandardCharsets.UTF_8))
        .contains("--sample needs a positive number of assets, e.g. --sample=100");
    assertThat(Files.exists(dataDir.resolve("postgres"))).isFalse();
  }
}
