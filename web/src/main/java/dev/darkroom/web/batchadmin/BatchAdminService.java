package dev.darkroom.web.batchadmin;

import dev.darkroom.batch.pipeline.PartitionJobService;
import dev.darkroom.core.catalog.ScanReport;
import dev.darkroom.core.catalog.ScanRepository;
import dev.darkroom.core.catalog.ScanStatus;
import dev.darkroom.core.run.Run;
import dev.darkroom.core.run.RunRepository;
import dev.darkroom.core.run.RunStatus;
import dev.darkroom.web.api.Page;
import dev.darkroom.web.batchadmin.ExecutionActions.Availability;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.batch.core.BatchStatus;
import org.springframework.batch.core.configuration.JobRegistry;
import org.springframework.batch.core.job.JobExecution;
import org.springframework.batch.core.launch.JobExecutionAlreadyRunningException;
import org.springframework.batch.core.launch.JobExecutionNotRunningException;
import org.springframework.batch.core.launch.JobOperator;
import org.springframework.batch.core.repository.JobRepository;
import org.springframework.stereotype.Service;

/**
 * The Batch admin views' reads (from {@link BatchAdminRepository}) and actions (through Batch's
 * {@link JobOperator}, under {@link ActionRules}). Lists are keyset-paged: {@code after} is the
 * {@code next} cursor of the previous page, null for the first.
 */
@Service
public class BatchAdminService implements AutoCloseable {

  public static final int DEFAULT_LIMIT = 50;
  public static final int MAX_LIMIT = 500;

  /** Executions of one instance shown with an execution; restarts rarely make more than a few. */
  static final int INSTANCE_EXECUTIONS = 100;

  /** How long a restart may take until its new execution exists (as the in-process launcher). */
  static final Duration RESTART_START_TIMEOUT = Duration.ofSeconds(30);

  private static final Logger log = LoggerFactory.getLogger(BatchAdminService.class);

  private final BatchAdminRepository repository;
  private final JobOperator jobOperator;
  private final JobRegistry jobRegistry;
  private final JobRepository jobRepository;
  private final PartitionJobService partitionJobs;
  private final RunRepository runs;
  private final ScanRepository scans;

  /** Executions stopped through this service: id → the execution's version the stop wrote. */
  private final Map<Long, Integer> stopsInProgress = new ConcurrentHashMap<>();

  /**
   * Restarted jobs run to their end on these threads (Boot's job operator runs a job on the
   * caller's thread), so that the request returns once the new execution exists.
   */
  private final ExecutorService restarts =
      Executors.newCachedThreadPool(
          new java.util.concurrent.ThreadFactory() {
            private final AtomicInteger number = new AtomicInteger();

            @Override
            public Thread newThread(Runnable task) {
              Thread thread = new Thread(task, "batch-admin-restart-" + number.incrementAndGet());
              thread.setDaemon(true);
              return thread;
            }
          });

  BatchAdminService(
      BatchAdminRepository repository,
      JobOperator jobOperator,
      JobRegistry jobRegistry,
      JobRepository jobRepository,
      PartitionJobService partitionJobs,
      RunRepository runs,
      ScanRepository scans) {
    this.repository = repository;
    this.jobOperator = jobOperator;
    this.jobRegistry = jobRegistry;
    this.jobRepository = jobRepository;
    this.partitionJobs = partitionJobs;
    this.runs = runs;
    this.scans = scans;
  }

  /** Every job that has run, by name, with counts and its newest execution. */
  public List<JobSummary> jobs() {
    return repository.jobs();
  }

  /** One job's summary, or empty when it never ran. */
  public Optional<JobSummary> job(String jobName) {
    return repository.job(jobName);
  }

  /**
   * A page of the job's instances, newest first.
   *
   * @throws UnknownBatchJobException if no instance of the job exists
   * @throws InvalidBatchQueryException for a bad cursor or limit
   */
  public Page<JobInstanceSummary> instances(String jobName, @Nullable String after, int limit) {
    long before = before(after);
    checkLimit(limit);
    requireJob(jobName);
    return Page.of(
        repository.instances(jobName, before, limit + 1), limit, i -> Long.toString(i.id()));
  }

  /**
   * @throws UnknownJobInstanceException if there is no such instance
   */
  public JobInstanceDetail instance(long instanceId) {
    JobInstanceSummary instance =
        repository
            .instance(instanceId)
            .orElseThrow(() -> new UnknownJobInstanceException(instanceId));
    return new JobInstanceDetail(
        instance,
        repository.executions(
            new ExecutionFilter(null, null, instanceId), Long.MAX_VALUE, INSTANCE_EXECUTIONS));
  }

  /**
   * A page of executions matching the filter, newest first.
   *
   * @throws UnknownBatchJobException if the filter names a job that never ran
   * @throws InvalidBatchQueryException for a bad cursor or limit
   */
  public Page<JobExecutionSummary> executions(
      ExecutionFilter filter, @Nullable String after, int limit) {
    long before = before(after);
    checkLimit(limit);
    if (filter.jobName() != null) {
      requireJob(filter.jobName());
    }
    return Page.of(
        repository.executions(filter, before, limit + 1), limit, e -> Long.toString(e.id()));
  }

  /**
   * @throws UnknownJobExecutionException if there is no such execution
   */
  public JobExecutionDetail execution(long executionId) {
    JobExecutionSummary execution = find(executionId);
    List<JobExecutionSummary> ofInstance =
        repository.executions(
            new ExecutionFilter(null, null, execution.instanceId()),
            Long.MAX_VALUE,
            INSTANCE_EXECUTIONS);
    Owner owner = owner(execution);
    long lastId = ofInstance.isEmpty() ? execution.id() : ofInstance.get(0).id();
    List<StepExecutionSummary> steps = repository.steps(executionId);
    String runningStep =
        steps.stream()
            .filter(s -> s.status().isRunning())
            .map(StepExecutionSummary::name)
            .reduce((first, later) -> later)
            .orElse(null);
    boolean stopping = stopping(execution, runningStep);
    ActionRules.Facts facts =
        new ActionRules.Facts(
            execution,
            lastId,
            stopping,
            runningStep,
            registered(execution.jobName()),
            owner.run(),
            owner.scan());
    return new JobExecutionDetail(
        execution,
        repository.parameters(executionId),
        steps,
        ofInstance,
        stopping,
        runningStep,
        owner.status(),
        ActionRules.actions(facts));
  }

  /**
   * Asks a running execution to stop at its next chunk boundary and returns at once. Spring Batch 6
   * records the execution STOPPED right away; until the job has really ended, the execution's
   * detail says {@code stopping} and a restart is refused. A run partition is stopped the way the
   * orchestrator stops one, so its {@code run_partition} row says STOPPING until then.
   *
   * @throws UnknownJobExecutionException if there is no such execution
   * @throws BatchActionNotPossibleException if it is not running
   */
  public JobExecutionSummary stop(long executionId) {
    JobExecutionSummary execution = find(executionId);
    require("stop", execution, ActionRules.stop(facts(execution)));
    ExecutionOwner owner = execution.owner();
    boolean stopped;
    if (owner != null && owner.kind() == ExecutionOwner.Kind.RUN) {
      stopped = partitionJobs.stop(owner.id(), requirePartition(owner));
    } else {
      JobExecution loaded = load(execution);
      try {
        stopped = jobOperator.stop(loaded);
      } catch (JobExecutionNotRunningException e) {
        stopped = false;
      }
      if (stopped) {
        stopsInProgress.put(executionId, loaded.getVersion());
      }
    }
    if (!stopped) {
      throw notPossible("stop", find(executionId), "it ended before it could be stopped");
    }
    log.info("Execution {} of job {} asked to stop", executionId, execution.jobName());
    return find(executionId);
  }

  /**
   * Restarts a failed or stopped execution's job instance through the job operator and returns the
   * new execution as soon as it exists; the job runs on in the background.
   *
   * @throws UnknownJobExecutionException if there is no such execution
   * @throws BatchActionNotPossibleException if the rules or Spring Batch refuse the restart
   * @throws BatchActionFailedException if the new execution did not appear in time
   */
  public JobExecutionSummary restart(long executionId) {
    JobExecutionSummary execution = find(executionId);
    require("restart", execution, ActionRules.restart(facts(execution)));
    JobExecution loaded = load(execution);
    Future<JobExecution> restarted = restarts.submit(() -> jobOperator.restart(loaded));
    long deadline = System.nanoTime() + RESTART_START_TIMEOUT.toNanos();
    while (true) {
      if (restarted.isDone()) {
        return find(finishedRestart(execution, restarted).getId());
      }
      Optional<Long> newest = repository.lastExecutionId(execution.instanceId());
      if (newest.isPresent() && newest.get() > executionId) {
        log.info(
            "Execution {} of job {} restarted as {}", executionId, execution.jobName(), newest);
        return find(newest.get());
      }
      if (System.nanoTime() > deadline) {
        throw new BatchActionFailedException(
            "The restart of execution "
                + executionId
                + " did not create a new execution within "
                + RESTART_START_TIMEOUT.toSeconds()
                + " s; look for it in the job's executions before trying again");
      }
      sleep();
    }
  }

  /**
   * Marks a stopped or failed execution ABANDONED, so that Batch never restarts its instance from
   * it.
   *
   * @throws UnknownJobExecutionException if there is no such execution
   * @throws BatchActionNotPossibleException if it is running, completed, already abandoned, or its
   *     run is still going
   */
  public JobExecutionSummary abandon(long executionId) {
    JobExecutionSummary execution = find(executionId);
    require("abandon", execution, ActionRules.abandon(facts(execution)));
    try {
      jobOperator.abandon(load(execution));
    } catch (JobExecutionAlreadyRunningException e) {
      throw notPossible("abandon", find(executionId), "it is running again");
    }
    log.info("Execution {} of job {} abandoned", executionId, execution.jobName());
    return find(executionId);
  }

  /**
   * Whether a stopped execution is still winding down. Spring Batch 6 writes STOPPED as soon as a
   * stop is asked for (for a registered job its running step too), and the job ends at its next
   * chunk boundary; until then a restart would run the instance twice. Batch's tables show it while
   * a step is still running; for a stop asked for here the job's own final write is awaited too (it
   * raises the execution's version past the one the stop wrote).
   */
  private boolean stopping(JobExecutionSummary execution, @Nullable String runningStep) {
    if (execution.status().isRunning()) {
      return false;
    }
    if (runningStep != null) {
      return true;
    }
    Integer versionAtStop = stopsInProgress.get(execution.id());
    if (versionAtStop == null) {
      return false;
    }
    if (repository.version(execution.id()).orElse(Long.MAX_VALUE) > versionAtStop) {
      stopsInProgress.remove(execution.id());
      return false;
    }
    return true;
  }

  /** Stops accepting restarts; restarted jobs still running finish on their daemon threads. */
  @Override
  public void close() {
    restarts.shutdown();
  }

  private JobExecution finishedRestart(JobExecutionSummary execution, Future<JobExecution> done) {
    try {
      return done.get();
    } catch (ExecutionException e) {
      Throwable cause = e.getCause();
      throw notPossible(
          "restart",
          execution,
          "Spring Batch refused it: " + rootMessage(cause == null ? e : cause));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new BatchActionFailedException("interrupted while restarting", e);
    }
  }

  private ActionRules.Facts facts(JobExecutionSummary execution) {
    Owner owner = owner(execution);
    long lastId = repository.lastExecutionId(execution.instanceId()).orElse(execution.id());
    String runningStep = repository.runningStep(execution.id()).orElse(null);
    return new ActionRules.Facts(
        execution,
        lastId,
        stopping(execution, runningStep),
        runningStep,
        registered(execution.jobName()),
        owner.run(),
        owner.scan());
  }

  /** The owner's state in Darkroom: the run's or the scan's status, null when gone. */
  private record Owner(@Nullable RunStatus run, @Nullable ScanStatus scan) {
    @Nullable String status() {
      return run != null ? run.name() : scan != null ? scan.name() : null;
    }
  }

  private Owner owner(JobExecutionSummary execution) {
    ExecutionOwner owner = execution.owner();
    if (owner == null) {
      return new Owner(null, null);
    }
    if (owner.kind() == ExecutionOwner.Kind.RUN) {
      return new Owner(runs.find(owner.id()).map(Run::status).orElse(null), null);
    }
    return new Owner(null, scans.find(owner.id(), 0).map(ScanReport::status).orElse(null));
  }

  private boolean registered(String jobName) {
    return jobRegistry.getJobNames().contains(jobName);
  }

  private JobExecutionSummary find(long executionId) {
    return repository
        .execution(executionId)
        .orElseThrow(() -> new UnknownJobExecutionException(executionId));
  }

  private JobExecution load(JobExecutionSummary execution) {
    JobExecution loaded = jobRepository.getJobExecution(execution.id());
    if (loaded == null) {
      throw new UnknownJobExecutionException(execution.id());
    }
    return loaded;
  }

  private void requireJob(String jobName) {
    if (!repository.jobExists(jobName)) {
      throw new UnknownBatchJobException(
          jobName, repository.jobs().stream().map(JobSummary::name).toList());
    }
  }

  private static void require(String action, JobExecutionSummary execution, Availability rule) {
    if (!rule.possible()) {
      throw new BatchActionNotPossibleException(
          action, execution.id(), execution.status(), String.valueOf(rule.reason()));
    }
  }

  private static BatchActionNotPossibleException notPossible(
      String action, JobExecutionSummary execution, String why) {
    BatchStatus status = execution.status();
    return new BatchActionNotPossibleException(
        action,
        execution.id(),
        status,
        "Execution " + execution.id() + " could not be " + past(action) + ": " + why);
  }

  private static String past(String action) {
    return action.equals("stop") ? "stopped" : action + "ed";
  }

  private static int requirePartition(ExecutionOwner owner) {
    Integer partitionNo = owner.partitionNo();
    if (partitionNo == null) {
      throw new IllegalStateException("a run owner always has a partition number");
    }
    return partitionNo;
  }

  /** The list cursor: the id the next page starts below. */
  static long before(@Nullable String after) {
    if (after == null || after.isBlank()) {
      return Long.MAX_VALUE;
    }
    try {
      long id = Long.parseLong(after.trim());
      if (id > 0) {
        return id;
      }
    } catch (NumberFormatException e) {
      // reported below
    }
    throw new InvalidBatchQueryException(
        "after",
        "after must be the 'next' cursor of a previous page (a positive number), not '"
            + after
            + "'; leave it out for the first page");
  }

  static void checkLimit(int limit) {
    if (limit < 1 || limit > MAX_LIMIT) {
      throw new InvalidBatchQueryException(
          "limit", "limit must be between 1 and " + MAX_LIMIT + ", not " + limit);
    }
  }

  private static String rootMessage(Throwable failure) {
    Throwable root = failure;
    String message = failure.getMessage();
    while (root.getCause() != null && root.getCause() != root) {
      root = root.getCause();
      if (root.getMessage() != null) {
        message = root.getMessage();
      }
    }
    return message == null ? root.getClass().getSimpleName() : message;
  }

  private static void sleep() {
    try {
      Thread.sleep(50);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new BatchActionFailedException("interrupted while restarting", e);
    }
  }
}
