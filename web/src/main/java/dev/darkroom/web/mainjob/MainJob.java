package dev.darkroom.web.mainjob;

import dev.darkroom.batch.preflight.RunPreflightException;
import dev.darkroom.batch.sample.SampleArchiveGenerator;
import dev.darkroom.batch.sample.SampleMedia;
import dev.darkroom.batch.scan.ScanFailedException;
import dev.darkroom.batch.scan.ScanService;
import dev.darkroom.core.catalog.AssetRepository;
import dev.darkroom.core.catalog.CatalogSummary;
import dev.darkroom.core.catalog.ScanReport;
import dev.darkroom.core.duplicates.DuplicateRepository;
import dev.darkroom.core.run.InvalidRunRequestException;
import dev.darkroom.core.run.Run;
import dev.darkroom.core.run.RunStatus;
import dev.darkroom.core.run.RunUnitRepository;
import dev.darkroom.orchestrator.run.RunService;
import dev.darkroom.storage.archive.ArchiveAccessException;
import dev.darkroom.web.DarkroomApplication;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;
import org.jspecify.annotations.Nullable;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.WebApplicationType;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * Darkroom's main job, the README's first command: catalog an archive (the one given, or a
 * generated sample with its {@link SampleMedia}: a HEIC, a PNG, a short video, near-duplicates) on
 * the embedded defaults and print the scan report and catalog summary, then run in sandbox mode,
 * one after another through Temporal, {@code images-basic} over every catalogued asset, {@code
 * video-basic} over the videos and {@code duplicates} over the images (each over a deterministic
 * sample of {@code --sample=N} if given), printing progress as chunks commit and a summary per run:
 * units done/failed/skipped, artifacts by kind, time, the first failed units, and the
 * near-duplicate clusters found.
 *
 * <p>The dashboard is served while the job runs, on {@code http://localhost:8080/} (this machine
 * only; {@code --server.port=N}, {@code --server.address=0.0.0.0} to change). When a person is at
 * the terminal it stays up after the run until Ctrl-C ({@code --serve} forces that, {@code --exit}
 * quits when the run is done, as scripts and CI do by default).
 *
 * <p>{@code --allow-mass-gone} lets the scan mark files gone even when that is more than {@code
 * darkroom.scan.max-gone-share} of a root (without it such a scan stops and marks nothing gone).
 *
 * <p>Usage: {@code main-job [--full] [--allow-mass-gone] [--sample=N] [--serve|--exit] [ARCHIVE_DIR
 * ...] [--spring.property=value ...]}.
 */
public final class MainJob {

  public static final String COMMAND = "main-job";

  private static final String SAMPLE_OPTION = "--sample=";

  private MainJob() {}

  /** Runs the main job and returns the process exit code. */
  public static int run(String[] args) {
    PrintStream out = System.out;
    List<String> archives = new ArrayList<>();
    List<String> springArgs = new ArrayList<>();
    boolean full = false;
    boolean allowMassGone = false;
    Integer sample = null;
    // Keep the dashboard up after the run when a person is watching; scripts get their exit code.
    boolean serve = System.console() != null;
    for (int i = 1; i < args.length; i++) {
      String arg = args[i];
      if (arg.equals("--full")) {
        full = true;
      } else if (arg.equals("--allow-mass-gone")) {
        allowMassGone = true;
      } else if (arg.equals("--serve")) {
        serve = true;
      } else if (arg.equals("--exit")) {
        serve = false;
      } else if (arg.startsWith(SAMPLE_OPTION)) {
        try {
          sample = Integer.valueOf(arg.substring(SAMPLE_OPTION.length()));
        } catch (NumberFormatException e) {
          sample = -1;
        }
        if (sample < 1) {
          System.err.println(
              "--sample needs a positive number of assets, e.g. --sample=100; was " + arg);
          return 2;
        }
      } else if (arg.startsWith("--") && arg.contains("=")) {
        springArgs.add(arg);
      } else if (arg.startsWith("-")) {
        System.err.println("Unknown option " + arg + "\n" + USAGE);
        return 2;
      } else {
        String problem = archiveProblem(arg);
        if (problem != null) {
          // Checked before anything is created: no data directory, no admin password spent.
          System.err.println(problem + "\n" + USAGE);
          return 2;
        }
        archives.add(Path.of(arg).toAbsolutePath().normalize().toString());
      }
    }
    Map<String, Object> defaults = new LinkedHashMap<>();
    try {
      if (archives.isEmpty()) {
        Path dataDir = dataDir(springArgs);
        Path sampleDir = dataDir.resolve("sample-archive").toAbsolutePath().normalize();
        if (!Files.isDirectory(sampleDir)) {
          SampleArchiveGenerator.generate(sampleDir);
          SampleMedia.addTo(sampleDir);
          out.println("Generated a sample archive in " + sampleDir);
        } else if (!Files.exists(sampleDir.resolve(SampleMedia.DIR))) {
          // A sample generated before the media existed: ours to complete, nothing else is.
          SampleMedia.addTo(sampleDir);
          out.println("Added " + SampleMedia.DIR + "/ to the sample archive in " + sampleDir);
        }
        archives.add(sampleDir.toString());
      }
    } catch (IOException e) {
      System.err.println("Could not generate the sample archive: " + e.getMessage());
      return 2;
    }
    defaults.put("darkroom.archive.roots", String.join(",", archives));
    // Log lines go to a file as well: the console is held while a progress bar is drawn.
    defaults.put(
        "logging.file.name",
        dataDir(springArgs).resolve("logs").resolve("darkroom.log").toString());
    // A personal archive's dashboard listens on this machine only unless told otherwise.
    defaults.put("server.address", "127.0.0.1");
    SpringApplication app = new SpringApplication(DarkroomApplication.class);
    app.setWebApplicationType(WebApplicationType.SERVLET);
    app.setDefaultProperties(defaults);
    try (ConfigurableApplicationContext context = app.run(springArgs.toArray(String[]::new))) {
      out.println("Dashboard: " + dashboardUrl(context) + "  (sign in as admin)");
      int code = runJob(context, archives, full, allowMassGone, sample, out);
      if (serve && code != 2) {
        out.println();
        out.println(
            "The dashboard stays up at " + dashboardUrl(context) + " — press Ctrl-C to stop.");
        awaitClose(context);
      }
      return code;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      System.err.println("Interrupted while the run was in progress");
      return 130;
    } catch (RuntimeException e) {
      if (portInUse(e)) {
        System.err.println(
            "The dashboard's port is already in use (another Darkroom?). Stop it, or pick another"
                + " port: main-job --server.port=8081");
        return 1;
      }
      throw e;
    }
  }

  private static boolean portInUse(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t.getClass().getSimpleName().equals("PortInUseException")
          || t instanceof java.net.BindException) {
        return true;
      }
    }
    return false;
  }

  private static int runJob(
      ConfigurableApplicationContext context,
      List<String> archives,
      boolean full,
      boolean allowMassGone,
      @Nullable Integer sample,
      PrintStream out)
      throws InterruptedException {
    try {
      ScanService scans = context.getBean(ScanService.class);
      out.println("Scanning " + String.join(", ", archives) + (full ? " (full rescan)" : ""));
      ScanReport report;
      TreeCount count = TreeCount.start(archives.stream().map(Path::of).toList());
      long bytesBefore = ScanService.bytesReadInThisProcess();
      try (ConsoleLogHold hold = ConsoleLogHold.start(out);
          ProgressBar bar =
              new ProgressBarBuilder()
                  .setTaskName("Scan")
                  .setUnit(" files", 1)
                  .setInitialMax(-1)
                  .setStyle(ProgressBarStyle.ASCII)
                  .continuousUpdate()
                  .build();
          ScanBarUpdater updater =
              ScanBarUpdater.start(
                  bar, count, () -> ScanService.bytesReadInThisProcess() - bytesBefore)) {
        report =
            scans.scan(
                full, allowMassGone, progress -> updater.committed(progress.entries()), id -> {});
      } finally {
        count.cancel();
      }
      CatalogSummary summary = context.getBean(AssetRepository.class).summary();
      new ReportPrinter(out).print(report, summary);
      if (summary.assets() == 0) {
        out.println();
        out.println("No assets catalogued: nothing to run.");
        return 0;
      }
      MainJobRun runner =
          new MainJobRun(
              context.getBean(RunService.class),
              context.getBean(RunUnitRepository.class),
              context.getBean(JdbcClient.class),
              context.getBean(DuplicateRepository.class),
              out,
              dashboardUrl(context));
      int code = 0;
      for (MainJobRun.Planned planned : MainJobRun.PLAN) {
        // One after another: each run's summary stands on its own, and the machine is not shared
        // between three runs at once.
        Run run = runner.run(planned, MainJobRun.policy(sample));
        if (run.status() != RunStatus.COMPLETED
            && run.status() != RunStatus.COMPLETED_WITH_FAILURES) {
          code = 1;
        }
      }
      return code;
    } catch (InvalidRunRequestException e) {
      System.err.println("The run could not be started: " + e.getMessage());
      return 1;
    } catch (RunPreflightException e) {
      System.err.println(e.getMessage());
      return 1;
    } catch (ScanFailedException e) {
      new ReportPrinter(System.err).printReport(e.report());
      System.err.println("Scan failed: " + e.report().error());
      return 1;
    } catch (ArchiveAccessException e) {
      System.err.println(e.getMessage());
      return 1;
    }
  }

  static final String USAGE =
      "Usage: ./darkroom main-job [--full] [--sample=N] [--serve|--exit] [ARCHIVE_DIR ...]"
          + " [--property=value ...]\n"
          + "  e.g. ./darkroom main-job                 (a generated sample archive)\n"
          + "       ./darkroom main-job ~/Pictures      (your own photos, opened read-only)";

  /** Why {@code arg} cannot be an archive directory, or null when it can. */
  static @Nullable String archiveProblem(String arg) {
    if (arg.startsWith("[") || arg.endsWith("]") || arg.contains("...")) {
      return "\""
          + arg
          + "\" looks like the usage text's placeholder: name your archive directories (or none,"
          + " for a generated sample)";
    }
    Path path;
    try {
      path = Path.of(arg);
    } catch (java.nio.file.InvalidPathException e) {
      return "\"" + arg + "\" is not a valid path: " + e.getReason();
    }
    if (!Files.exists(path)) {
      return "Archive directory "
          + path.toAbsolutePath().normalize()
          + " does not exist. Is the archive mounted?";
    }
    if (!Files.isDirectory(path)) {
      return "Archive " + path.toAbsolutePath().normalize() + " is not a directory";
    }
    if (!Files.isReadable(path)) {
      return "Archive directory " + path.toAbsolutePath().normalize() + " is not readable";
    }
    return null;
  }

  /** The URL the dashboard answers on: the real port, also when {@code server.port=0}. */
  static String dashboardUrl(ConfigurableApplicationContext context) {
    String port = context.getEnvironment().getProperty("local.server.port", "8080");
    return "http://localhost:" + port + "/";
  }

  /** Blocks until the context closes: Ctrl-C runs Spring's shutdown hook, which closes it. */
  private static void awaitClose(ConfigurableApplicationContext context)
      throws InterruptedException {
    java.util.concurrent.CountDownLatch closed = new java.util.concurrent.CountDownLatch(1);
    context.addApplicationListener(
        (org.springframework.context.ApplicationListener<
                org.springframework.context.event.ContextClosedEvent>)
            event -> closed.countDown());
    if (context.isActive()) {
      closed.await();
    }
  }

  private static Path dataDir(List<String> springArgs) {
    String fromEnv = System.getenv("DARKROOM_DATA_DIR");
    for (String arg : springArgs) {
      if (arg.startsWith("--darkroom.data-dir=")) {
        return Path.of(arg.substring("--darkroom.data-dir=".length()));
      }
    }
    return Path.of(fromEnv == null || fromEnv.isBlank() ? "./darkroom-data" : fromEnv);
  }
}
