package dev.darkroom.web.mainjob;

import static org.assertj.core.api.Assertions.assertThat;

import dev.darkroom.batch.sample.SampleMedia;
import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
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
 * directory, a generated sample archive with its media (HEIC, PNG, video, near-duplicates), the
 * scan report, sandbox runs of {@code images-basic}, {@code video-basic} and {@code duplicates}
 * through Temporal (the dev server when {@code temporal} is on PATH, else the in-process test
 * server) with their summaries, and a second main job that reuses all of it: an incremental rescan
 * and new runs. The HEIC's thumbnail needs {@code heif-convert} and the video's artifacts {@code
 * ffmpeg} and {@code ffprobe} on the PATH; without them the test checks that those units are
 * skipped, naming the missing program.
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
        .contains("image/jpeg")
        .as("the sample's media are catalogued")
        .containsPattern("image/heic\\s+1\\b")
        .containsPattern("video/quicktime\\s+1\\b")
        .containsPattern("image/png\\s+\\d+")
        .as("three runs, one after another")
        .contains("Run #1: images-basic, sandbox over every asset")
        .contains("Run #2: video-basic, sandbox over every asset matching type:video")
        .contains("Run #3: duplicates, sandbox over every asset matching type:image");
    String images = section(firstOutput, 1);
    String video = section(firstOutput, 2);
    String duplicates = section(firstOutput, 3);

    assertThat(images).contains("Run #1 COMPLETED_WITH_FAILURES").contains("(all with lineage)");
    assertThat(count(images, "thumbnail"))
        .as("every done unit of images-basic has its thumbnail")
        .isEqualTo(count(images, "done"));
    if (onPath("heif-convert")) {
      assertThat(images)
          .as("the HEIC is done (so has its thumbnail), neither skipped nor failed")
          .doesNotContain(SampleMedia.HEIC)
          .doesNotContain("skipped units (first");
    } else {
      assertThat(images).contains(SampleMedia.HEIC + ": ").contains("heif-convert not found");
    }
    if (onPath("ffmpeg") && onPath("ffprobe")) {
      assertThat(video)
          .contains("Run #2 COMPLETED in")
          .containsPattern("units\\s+1\\b")
          .containsPattern("done\\s+1\\b")
          .containsPattern("artifacts\\s+4 \\(all with lineage\\)")
          .containsPattern("video-probe\\s+1\\b")
          .containsPattern("frames\\s+1\\b")
          .containsPattern("thumbnail\\s+1\\b")
          .containsPattern("contact-sheet\\s+1\\b");
    } else {
      // The video's artifacts need ffmpeg and ffprobe on the PATH; without them it is skipped.
      assertThat(video).containsPattern("skipped\\s+1\\b").contains("not found");
    }
    assertThat(duplicates)
        .containsPattern("Run #3 COMPLETED(_WITH_FAILURES)? in")
        .containsPattern("near-duplicates\\s+COMPLETED");
    List<List<String>> clusters = clusters(duplicates);
    assertThat(clusters)
        .as("the near-duplicates are one cluster of their own")
        .filteredOn(members -> members.stream().anyMatch(m -> m.contains("/Hills/")))
        .singleElement()
        .satisfies(
            members ->
                assertThat(members)
                    .containsExactlyInAnyOrderElementsOf(
                        SampleMedia.NEAR_DUPLICATES.stream()
                            .map(path -> "sample-archive/" + path)
                            .toList()));

    assertThat(secondOutput)
        .doesNotContain("Generated a sample archive")
        .contains("Scan #2 COMPLETED")
        .containsPattern("hashed\\s+0 files")
        .containsPattern("new assets\\s+0\\b")
        .contains("Run #4: images-basic")
        .contains("Run #4 COMPLETED_WITH_FAILURES")
        .contains("Run #5: video-basic")
        .contains("Run #6: duplicates");
    assertThat(count(section(secondOutput, 4), "artifacts"))
        .as("the second images-basic run makes what the first made")
        .isEqualTo(count(images, "artifacts"));
    assertThat(clusters(section(secondOutput, 6))).isEqualTo(clusters);
  }

  /** The output of run {@code n}, from its start to the next run's. */
  private static String section(String output, int n) {
    int start = output.indexOf("Run #" + n + ": ");
    assertThat(start).as("run #" + n + " started").isNotNegative();
    int end = output.indexOf("Run #" + (n + 1) + ": ", start);
    return end < 0 ? output.substring(start) : output.substring(start, end);
  }

  /** The number in a summary row such as {@code " done 36"}. */
  private static long count(String section, String label) {
    Matcher m = Pattern.compile("(?m)^\\s+" + Pattern.quote(label) + "\\s+(\\d+)").matcher(section);
    assertThat(m.find()).as("a row " + label + " in " + section).isTrue();
    return Long.parseLong(m.group(1));
  }

  /** The clusters a duplicates summary lists, each as its members' paths. */
  private static List<List<String>> clusters(String section) {
    List<List<String>> clusters = new ArrayList<>();
    Pattern member = Pattern.compile("^ {6}(.+?)  \\(\\d+ bits from the first\\)$");
    for (String line : section.split("\\R")) {
      if (line.matches(" {4}cluster \\d+ \\(\\d+ members\\):")) {
        clusters.add(new ArrayList<>());
      } else {
        Matcher m = member.matcher(line);
        if (m.matches() && !clusters.isEmpty()) {
          clusters.get(clusters.size() - 1).add(m.group(1));
        }
      }
    }
    return clusters;
  }

  private static boolean onPath(String program) {
    String path = System.getenv("PATH");
    return path != null
        && Arrays.stream(path.split(File.pathSeparator))
            .anyMatch(dir -> !dir.isEmpty() && Files.isExecutable(Path.of(dir, program)));
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
