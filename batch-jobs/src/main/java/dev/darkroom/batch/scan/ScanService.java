package dev.darkroom.batch.scan;

import dev.darkroom.core.catalog.ArchiveRootRepository;
import dev.darkroom.core.catalog.ScanLock;
import dev.darkroom.core.catalog.ScanReport;
import dev.darkroom.core.catalog.ScanRepository;
import dev.darkroom.core.catalog.ScanStatus;
import dev.darkroom.storage.archive.ArchiveReader;
import dev.darkroom.storage.archive.MountedRoot;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.LongConsumer;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.batch.core.BatchStatus;
import org.springframework.batch.core.job.Job;
import org.springframework.batch.core.job.JobExecution;
import org.springframework.batch.core.job.JobInstance;
import org.springframework.batch.core.job.parameters.JobParameters;
import org.springframework.batch.core.job.parameters.JobParametersBuilder;
import org.springframework.batch.core.launch.JobOperator;
import org.springframework.batch.core.repository.JobRepository;
import org.springframework.stereotype.Service;

/**
 * Runs catalog scans over the configured archive roots, one at a time.
 *
 * <p>A database-wide lock ({@link ScanLock}) lets one scan run at a time across processes. Holding
 * it proves that a scan still marked RUNNING belongs to a process that died: such a scan is
 * resumed, not started over (its Batch execution is recovered and restarted, and the walk continues
 * after the last committed chunk).
 */
@Service
public class ScanService {

  private static final Logger log = LoggerFactory.getLogger(ScanService.class);
  private static final int REPORT_PROBLEMS = 1000;

  private final ArchiveReader archive;
  private final ArchiveRootRepository rootRepository;
  private final ScanRepository scans;
  private final ScanJobFactory jobs;
  private final JobOperator jobOperator;
  private final JobRepository jobRepository;
  private final ScanLock scanLock;
  private final ScanMetrics metrics;

  ScanService(
      ArchiveReader archive,
      ArchiveRootRepository rootRepository,
      ScanRepository scans,
      ScanJobFactory jobs,
      JobOperator jobOperator,
      JobRepository jobRepository,
      ScanLock scanLock,
      ScanMetrics metrics) {
    this.archive = archive;
    this.rootRepository = rootRepository;
    this.scans = scans;
    this.jobs = jobs;
    this.jobOperator = jobOperator;
    this.jobRepository = jobRepository;
    this.scanLock = scanLock;
    this.metrics = metrics;
  }

  /**
   * Bytes read for hashing by all scans of this process so far, counted as they are read: a
   * progress display samples it to show a large file being hashed before its chunk commits.
   */
  public static long bytesReadInThisProcess() {
    return FileInspector.bytesRead();
  }

  /**
   * Scans every configured root and returns the report.
   *
   * @param fullRescan hash every file again, even when its size and mtime are unchanged
   * @throws dev.darkroom.storage.archive.ArchiveRootNotMountedException before anything is read,
   *     when a root is missing
   * @throws ScanFailedException when the scan job failed; the report says how far it got
   * @throws dev.darkroom.core.catalog.ScanAlreadyRunningException when another scan holds the lock
   */
  public ScanReport scan(boolean fullRescan, ScanProgress.Listener listener) {
    return scan(fullRescan, listener, scanId -> {});
  }

  /**
   * As {@link #scan(boolean, ScanProgress.Listener)}; {@code onStarted} gets the scan's id as soon
   * as its row exists, before anything is read (for callers that run the scan in the background).
   */
  public ScanReport scan(
      boolean fullRescan, ScanProgress.Listener listener, LongConsumer onStarted) {
    return scan(fullRescan, false, listener, onStarted);
  }

  /**
   * As {@link #scan(boolean, ScanProgress.Listener, LongConsumer)}.
   *
   * @param allowMassGone mark files gone even when that is more than {@code
   *     darkroom.scan.max-gone-share} of a root; without it such a scan fails with a {@link
   *     MassGoneRefusedException} as the cause of its {@link ScanFailedException}, having marked
   *     nothing gone
   */
  public ScanReport scan(
      boolean fullRescan,
      boolean allowMassGone,
      ScanProgress.Listener listener,
      LongConsumer onStarted) {
    try (ScanLock.Held held = scanLock.acquire()) {
      ScanReport report =
          scanHoldingLock(fullRescan, allowMassGone, metrics.following(listener), onStarted);
      metrics.ended(report);
      return report;
    } catch (ScanFailedException e) {
      metrics.ended(e.report());
      throw e;
    }
  }

  private ScanReport scanHoldingLock(
      boolean fullRescan,
      boolean allowMassGone,
      ScanProgress.Listener listener,
      LongConsumer onStarted) {
    List<MountedRoot> mounted = archive.roots();
    if (mounted.isEmpty()) {
      throw new NoArchiveRootsException();
    }
    List<ScanRoot> roots = new ArrayList<>();
    for (MountedRoot root : mounted) {
      archive.requireMounted(root.name());
      roots.add(new ScanRoot(root, rootRepository.upsert(root.name(), root.path()).id()));
    }
    List<String> names = mounted.stream().map(MountedRoot::name).toList();
    long scanId = resumable(names).orElseGet(() -> scans.create(names, fullRescan));
    onStarted.accept(scanId);
    ScanReport before = scans.find(scanId, 0).orElseThrow();
    Job job = jobs.create(scanId, roots, before.fullRescan(), allowMassGone, listener);
    JobParameters parameters =
        new JobParametersBuilder()
            .addLong(ScanJobFactory.SCAN_ID, scanId)
            .addString(ScanJobFactory.FULL_RESCAN, Boolean.toString(before.fullRescan()), false)
            .toJobParameters();
    JobExecution execution;
    try {
      execution = jobOperator.start(job, parameters);
    } catch (Exception e) {
      scans.finish(scanId, ScanStatus.FAILED, "could not start the scan job: " + e.getMessage());
      throw new ScanFailedException(report(scanId), e);
    }
    scans.setJobExecution(scanId, execution.getId());
    if (execution.getStatus() == BatchStatus.COMPLETED) {
      scans.finish(scanId, ScanStatus.COMPLETED, null);
      scans.analyzeIfChangedMuch(scanId);
      return report(scanId);
    }
    String error = describeFailure(execution);
    scans.finish(
        scanId,
        execution.getStatus() == BatchStatus.STOPPED ? ScanStatus.STOPPED : ScanStatus.FAILED,
        error);
    throw new ScanFailedException(report(scanId), massGone(execution));
  }

  private static @Nullable MassGoneRefusedException massGone(JobExecution execution) {
    for (Throwable failure : execution.getAllFailureExceptions()) {
      for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
        if (t instanceof MassGoneRefusedException refused) {
          return refused;
        }
      }
    }
    return null;
  }

  /** The newest scan's report, if any scan ever ran. */
  public Optional<ScanReport> latest() {
    return scans.latest(REPORT_PROBLEMS);
  }

  public ScanReport report(long scanId) {
    return scans.find(scanId, REPORT_PROBLEMS).orElseThrow();
  }

  /**
   * A scan left RUNNING by a process that died, over the same roots: recover its Batch execution so
   * it can be restarted. A scan over other roots is closed as FAILED instead.
   */
  private Optional<Long> resumable(List<String> names) {
    for (long scanId : scans.running()) {
      ScanReport interrupted = scans.find(scanId, 0).orElseThrow();
      JobInstance instance =
          jobRepository.getJobInstance(
              ScanJobFactory.JOB_NAME,
              new JobParametersBuilder()
                  .addLong(ScanJobFactory.SCAN_ID, scanId)
                  .addString(
                      ScanJobFactory.FULL_RESCAN, Boolean.toString(interrupted.fullRescan()), false)
                  .toJobParameters());
      if (!interrupted.roots().equals(names) || instance == null) {
        scans.finish(
            scanId,
            ScanStatus.FAILED,
            "interrupted; not resumed because the archive roots changed or it never started");
        continue;
      }
      JobExecution last = jobRepository.getLastJobExecution(instance);
      if (last != null && last.getStatus().isRunning()) {
        jobOperator.recover(last);
      }
      log.info("Resuming scan #{} that an earlier process left unfinished", scanId);
      return Optional.of(scanId);
    }
    return Optional.empty();
  }

  private static String describeFailure(JobExecution execution) {
    List<Throwable> failures = new ArrayList<>(execution.getAllFailureExceptions());
    if (failures.isEmpty()) {
      return "scan job ended " + execution.getStatus() + ": " + execution.getExitStatus();
    }
    Throwable root = failures.get(0);
    while (root.getCause() != null && root.getCause() != root) {
      root = root.getCause();
    }
    return root.getMessage() == null ? root.toString() : root.getMessage();
  }
}
