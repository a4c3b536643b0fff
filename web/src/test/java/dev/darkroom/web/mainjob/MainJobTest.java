package dev.darkroom.web.mainjob;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
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

  /** Any free port: the suite may run beside a Darkroom on 8080. */
  private static final String PORT = "--server.port=0";

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
  void mainJobCataloguesGeneratedSampleOnEmbeddedDefaultsServesDashboardAndRescansIncrementally()
      throws Exception {
    String dataDirArg = "--darkroom.data-dir=" + dataDir;

    ExecutorService background = Executors.newSingleThreadExecutor();
    Future<Integer> firstJob =
        background.submit(
            () -> MainJob.run(new String[] {MainJob.COMMAND, dataDirArg, PORT, "--exit"}));
    URI dashboard = awaitDashboardUrl(firstJob);
    HttpResponse<String> login =
        HttpClient.newHttpClient()
            .send(
                HttpRequest.newBuilder(dashboard.resolve("/login")).GET().build(),
                HttpResponse.BodyHandlers.ofString());
    int first = firstJob.get(5, TimeUnit.MINUTES);
    background.shutdown();
    String firstOutput = out.toString(StandardCharsets.UTF_8);
    out.reset();
    int second = MainJob.run(new String[] {MainJob.COMMAND, dataDirArg, PORT, "--exit"});
    String secondOutput = out.toString(StandardCharsets.UTF_8);

    assertThat(login.statusCode()).as("the dashboard answers while the job runs").isEqualTo(200);
    assertThat(login.body()).contains("<form");
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

  /** Waits for the job to print the dashboard's URL (it does so before scanning). */
  private URI awaitDashboardUrl(Future<Integer> job) throws Exception {
    Pattern url = Pattern.compile("Dashboard: (http://localhost:\\d+/)");
    long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(3);
    while (System.nanoTime() < deadline) {
      Matcher m = url.matcher(out.toString(StandardCharsets.UTF_8));
      if (m.find()) {
        return URI.create(m.group(1));
      }
      if (job.isDone()) {
        throw new AssertionError("the job ended without printing the dashboard URL: " + job.get());
      }
      Thread.sleep(50);
    }
    throw new AssertionError("no dashboard URL printed");
  }

  @Test
  void missingArchiveIsAClearErrorAndNothingIsScanned() {
    Path missing = dataDir.resolve("not-mounted");
    Refusal refused =
        refusedRun(
            new String[] {
              MainJob.COMMAND, missing.toString(), "--darkroom.data-dir=" + dataDir, PORT
            });

    assertThat(refused.code()).isEqualTo(2);
    assertThat(refused.err())
        .contains("Archive directory " + missing + " does not exist")
        .contains("Is the archive mounted?")
        .contains("Usage: ./darkroom main-job");
    assertThat(Files.exists(missing)).isFalse();
    assertThat(Files.exists(dataDir.resolve("postgres")))
        .as("refused before the embedded PostgreSQL (and the admin password) is created")
        .isFalse();
  }

  @Test
  void theUsageTextsPlaceholderPastedLiterallyIsRefusedBeforeAnythingIsCreated() {
    Path fresh = dataDir.resolve("fresh-data-dir");
    Refusal refused =
        refusedRun(
            new String[] {
              MainJob.COMMAND, "[ARCHIVE_DIR", "...]", "--darkroom.data-dir=" + fresh, PORT
            });

    assertThat(refused.code()).isEqualTo(2);
    assertThat(refused.err()).contains("\"[ARCHIVE_DIR\" looks like the usage text's placeholder");
    assertThat(Files.exists(fresh)).as("no data directory was created").isFalse();
  }

  @Test
  void anUnknownFlagIsRefusedInsteadOfBeingPassedOnSilently() {
    Refusal refused =
        refusedRun(new String[] {MainJob.COMMAND, "--ful", "--darkroom.data-dir=" + dataDir});

    assertThat(refused.code()).isEqualTo(2);
    assertThat(refused.err()).contains("Unknown option --ful");
    assertThat(Files.exists(dataDir.resolve("postgres"))).isFalse();
  }

  @Test
  void aBadSampleSizeIsRefusedBeforeAnythingStarts() {
    Refusal refused =
        refusedRun(
            new String[] {MainJob.COMMAND, "--sample=none", "--darkroom.data-dir=" + dataDir});

    assertThat(refused.code()).isEqualTo(2);
    assertThat(refused.err())
        .contains("--sample needs a positive number of assets, e.g. --sample=100");
    assertThat(Files.exists(dataDir.resolve("postgres"))).isFalse();
  }

  private record Refusal(int code, String err) {}

  /** Runs the main job with standard error captured, for arguments it must refuse at once. */
  private static Refusal refusedRun(String[] args) {
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    PrintStream originalErr = System.err;
    System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
    try {
      return new Refusal(MainJob.run(args), err.toString(StandardCharsets.UTF_8));
    } finally {
      System.setErr(originalErr);
    }
  }
}
