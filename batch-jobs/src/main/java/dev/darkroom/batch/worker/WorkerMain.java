package dev.darkroom.batch.worker;

import dev.darkroom.batch.BatchJobsConfiguration;
import dev.darkroom.batch.pipeline.PartitionJobService;
import dev.darkroom.batch.pipeline.PipelineProgress;
import dev.darkroom.batch.scan.ScanFailedException;
import dev.darkroom.batch.scan.ScanService;
import dev.darkroom.core.catalog.ScanReport;
import dev.darkroom.core.run.PartitionLaunchException;
import dev.darkroom.core.run.PartitionProgress;
import dev.darkroom.core.run.PartitionRepository;
import dev.darkroom.core.run.PartitionStatus;
import dev.darkroom.core.run.PartitionWorkerCommand;
import dev.darkroom.core.run.RunPartition;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Import;

/**
 * The batch worker: runs one job in its own JVM, the way a worker process or Kubernetes pod does.
 *
 * <ul>
 *   <li>{@code WorkerMain scan [--full] [--spring.property=value ...]}: one scan, exit 0 on
 *       success.
 *   <li>{@code WorkerMain partition --run=R --partition=P --attempt=A [--key=value ...]}: one
 *       partition of one run ({@link PartitionWorkerCommand}), through the same {@link
 *       PartitionJobService} as the in-process launcher, so a relaunch is a new job instance that
 *       reads the partition's unfinished units from {@code run_unit} (ADR 0005, ADR 0012). Exits
 *       with {@link PartitionWorkerCommand}'s codes. It connects to PostgreSQL and the artifact
 *       store from the same properties as the server and needs no Temporal: a stop request is
 *       {@code JobOperator.stop} in the shared job repository, seen at the next chunk boundary.
 *   <li>{@code WorkerMain serve [--key=value ...]}: a long-lived worker (ADR 0028). It starts its
 *       Spring context once, then reads one {@code partition --run=R --partition=P --attempt=A}
 *       line at a time from standard input and runs that partition exactly as the {@code partition}
 *       command does, each as its own job instance; after each it prints {@link
 *       PartitionWorkerCommand#endLine} with the partition's exit code. It exits 0 when standard
 *       input ends (its launcher retired it or is gone). Start-up and the JIT's warm-up are paid
 *       once per worker JVM instead of once per partition.
 * </ul>
 */
public final class WorkerMain {

  /**
   * {@code darkroom.worker.launcher} ({@code DARKROOM_WORKER_LAUNCHER}): the launcher name the
   * partition command records on the partition, {@code process} unless a Kubernetes Job says {@code
   * kubernetes}.
   */
  public static final String LAUNCHER_PROPERTY = "darkroom.worker.launcher";

  private static final Logger log = LoggerFactory.getLogger(WorkerMain.class);

  private static final String USAGE =
      "usage: WorkerMain scan [--full] [--spring.property=value ...]\n"
          + "       WorkerMain partition --run=R --partition=P --attempt=A"
          + " [--spring.property=value ...]\n"
          + "       WorkerMain serve [--spring.property=value ...]"
          + "  (then partition --run=R --partition=P --attempt=A lines on stdin)";

  private WorkerMain() {}

  public static void main(String[] args) {
    System.exit(run(args));
  }

  /** Runs the command and returns its exit code. */
  public static int run(String[] args) {
    return run(args, new Class<?>[0]);
  }

  /**
   * Runs the command with extra configuration classes (tests add tools this way) and returns its
   * exit code.
   */
  public static int run(String[] args, Class<?>... extraSources) {
    if (args.length > 0 && args[0].equals("scan")) {
      return scan(args, extraSources);
    }
    if (args.length > 0 && args[0].equals(PartitionWorkerCommand.COMMAND)) {
      return partition(args, extraSources);
    }
    if (args.length > 0 && args[0].equals(PartitionWorkerCommand.SERVE)) {
      return serve(args, System.in, extraSources);
    }
    System.err.println(USAGE);
    return PartitionWorkerCommand.EXIT_USAGE;
  }

  private static int scan(String[] args, Class<?>... extraSources) {
    boolean full = Arrays.asList(args).contains("--full");
    try (ConfigurableApplicationContext context = application(extraSources).run(args)) {
      ScanReport report = context.getBean(ScanService.class).scan(full, p -> {});
      log.info("Scan #{} {}: {} files seen", report.id(), report.status(), report.filesSeen());
      return 0;
    } catch (ScanFailedException e) {
      log.error(e.getMessage());
      return 1;
    }
  }

  private static int partition(String[] args, Class<?>... extraSources) {
    PartitionArguments partition;
    try {
      partition = PartitionArguments.parse(List.of(args));
    } catch (IllegalArgumentException e) {
      System.err.println("darkroom worker: " + e.getMessage());
      System.err.println(USAGE);
      return PartitionWorkerCommand.EXIT_USAGE;
    }
    long runId = partition.runId();
    int partitionNo = partition.partitionNo();
    MDC.put("runId", Long.toString(runId));
    MDC.put("partition", Integer.toString(partitionNo));
    SpringApplication app = application(extraSources);
    // The server owns the schema: N workers starting at once would each take Flyway's lock.
    app.setDefaultProperties(Map.of("spring.flyway.enabled", "false"));
    ConfigurableApplicationContext context;
    try {
      context = app.run(args);
    } catch (RuntimeException e) {
      // Most often PostgreSQL unreachable; a relaunch may help, so not a usage error.
      log.error(
          "Partition {} of run {}: the worker could not start: {}",
          partitionNo,
          runId,
          rootMessage(e));
      return PartitionWorkerCommand.EXIT_FAILED;
    }
    try (context) {
      return runPartition(context, partition);
    } catch (RuntimeException e) {
      // PostgreSQL lost mid-partition, most likely; the partition goes on from its unfinished
      // units when relaunched.
      log.error("Partition {} of run {} failed: {}", partitionNo, runId, rootMessage(e), e);
      return PartitionWorkerCommand.EXIT_FAILED;
    } finally {
      MDC.clear();
    }
  }

  /**
   * The long-lived worker: one Spring context, then a partition per line of {@code commands} until
   * it ends. A partition that fails does not end the worker: its exit code goes to the launcher and
   * the next line is read, as the in-process launcher goes on after a failed partition.
   */
  static int serve(String[] args, InputStream commands, Class<?>... extraSources) {
    SpringApplication app = application(extraSources);
    app.setDefaultProperties(Map.of("spring.flyway.enabled", "false"));
    ConfigurableApplicationContext context;
    try {
      context = app.run(args);
    } catch (RuntimeException e) {
      log.error("The worker could not start: {}", rootMessage(e));
      return PartitionWorkerCommand.EXIT_FAILED;
    }
    try (context;
        BufferedReader lines =
            new BufferedReader(new InputStreamReader(commands, StandardCharsets.UTF_8))) {
      String line;
      while ((line = lines.readLine()) != null) {
        if (line.isBlank()) {
          continue;
        }
        int code;
        long runId = 0;
        int partitionNo = -1;
        try {
          PartitionArguments partition =
              PartitionArguments.parse(List.of(line.strip().split("\\s+")));
          runId = partition.runId();
          partitionNo = partition.partitionNo();
          MDC.put("runId", Long.toString(runId));
          MDC.put("partition", Integer.toString(partitionNo));
          code = runPartition(context, partition);
        } catch (IllegalArgumentException e) {
          log.error("Not a partition assignment ({}): {}", e.getMessage(), line);
          code = PartitionWorkerCommand.EXIT_USAGE;
        } catch (RuntimeException e) {
          log.error("Partition {} of run {} failed: {}", partitionNo, runId, rootMessage(e), e);
          code = PartitionWorkerCommand.EXIT_FAILED;
        } finally {
          MDC.clear();
        }
        // The launcher reads this line to know the partition is over and this JVM free again.
        System.out.println(PartitionWorkerCommand.endLine(runId, partitionNo, code));
        System.out.flush();
      }
      return PartitionWorkerCommand.EXIT_COMPLETED;
    } catch (IOException e) {
      log.error("The worker's standard input failed: {}", e.toString());
      return PartitionWorkerCommand.EXIT_FAILED;
    }
  }

  private static int runPartition(
      ConfigurableApplicationContext context, PartitionArguments partition) {
    long runId = partition.runId();
    int partitionNo = partition.partitionNo();
    PartitionRepository partitions = context.getBean(PartitionRepository.class);
    Optional<RunPartition> row = partitions.find(runId, partitionNo);
    if (row.isEmpty()) {
      log.error("Run {} has no partition {}; nothing to run", runId, partitionNo);
      return PartitionWorkerCommand.EXIT_USAGE;
    }
    if (row.get().status() == PartitionStatus.STOPPING) {
      // Asked to stop while this JVM was starting, before any job execution existed to stop.
      partitions.markFinished(
          runId, partitionNo, PartitionStatus.STOPPED, "stopped before its job started");
      log.info("Partition {} of run {} was asked to stop before it started", partitionNo, runId);
      return PartitionWorkerCommand.EXIT_STOPPED;
    }
    String launcher = context.getEnvironment().getProperty(LAUNCHER_PROPERTY, "process");
    log.info(
        "Running partition {} of run {} (attempt {}, launcher {})",
        partitionNo,
        runId,
        partition.attempt(),
        launcher);
    PartitionProgress end;
    try {
      end =
          context
              .getBean(PartitionJobService.class)
              .run(
                  runId,
                  partitionNo,
                  launcher,
                  PipelineProgress.Listener.NONE,
                  executionId -> log.info("Job execution {} started", executionId));
    } catch (PartitionLaunchException e) {
      log.error("Partition {} of run {} did not start: {}", partitionNo, runId, e.getMessage());
      return PartitionWorkerCommand.EXIT_FAILED;
    }
    log.info(
        "Partition {} of run {} ended {}: {} of {} units done, {} failed{}; peak heap {} MB",
        partitionNo,
        runId,
        end.state(),
        end.unitsDone(),
        end.unitsTotal(),
        end.unitsFailed(),
        end.error() == null ? "" : " (" + end.error() + ")",
        peakHeapMegabytes());
    return switch (end.state()) {
      case COMPLETED -> PartitionWorkerCommand.EXIT_COMPLETED;
      case STOPPED -> PartitionWorkerCommand.EXIT_STOPPED;
      case FAILED, RUNNING -> PartitionWorkerCommand.EXIT_FAILED;
    };
  }

  private static SpringApplication application(Class<?>... extraSources) {
    List<Class<?>> sources = new ArrayList<>();
    sources.add(WorkerApplication.class);
    sources.addAll(List.of(extraSources));
    SpringApplication app = new SpringApplication(sources.toArray(Class<?>[]::new));
    app.setWebApplicationType(WebApplicationType.NONE);
    return app;
  }

  /**
   * The sum of the heap pools' peak usage since start: an upper bound of the heap this worker
   * needed (the pools peak at different moments), to size {@code -Xmx} by.
   */
  static long peakHeapMegabytes() {
    long bytes = 0;
    for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
      if (pool.getType() == MemoryType.HEAP && pool.getPeakUsage() != null) {
        bytes += pool.getPeakUsage().getUsed();
      }
    }
    return bytes / (1024 * 1024);
  }

  private static String rootMessage(Throwable e) {
    Throwable root = e;
    while (root.getCause() != null && root.getCause() != root) {
      root = root.getCause();
    }
    return root.getMessage() == null ? root.toString() : root.getMessage();
  }

  /** The worker's Spring application: auto-configuration plus the batch jobs. */
  @SpringBootConfiguration
  @EnableAutoConfiguration
  @Import(BatchJobsConfiguration.class)
  public static class WorkerApplication {}
}
