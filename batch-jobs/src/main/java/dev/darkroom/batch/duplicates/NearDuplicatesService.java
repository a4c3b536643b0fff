package dev.darkroom.batch.duplicates;

import dev.darkroom.core.duplicates.AggregateStepState;
import dev.darkroom.core.duplicates.DuplicateRepository;
import dev.darkroom.core.run.Run;
import dev.darkroom.core.run.RunRepository;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BooleanSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.batch.core.BatchStatus;
import org.springframework.batch.core.job.Job;
import org.springframework.batch.core.job.JobExecution;
import org.springframework.batch.core.job.builder.JobBuilder;
import org.springframework.batch.core.job.parameters.JobParameters;
import org.springframework.batch.core.job.parameters.JobParametersBuilder;
import org.springframework.batch.core.launch.JobOperator;
import org.springframework.batch.core.listener.JobExecutionListener;
import org.springframework.batch.core.repository.JobRepository;
import org.springframework.batch.core.step.builder.StepBuilder;
import org.springframework.stereotype.Service;
import org.springframework.transaction.PlatformTransactionManager;

/**
 * Runs a run's {@code near-duplicates} aggregate step as a Spring Batch job in this JVM: ingest the
 * run's perceptual hashes into the persistent index, merge the pending ones bucket by bucket (one
 * commit each), write the changed clusters as artifacts. Every launch is a new job instance that
 * goes on from what PostgreSQL says is done, so a killed or failed step is simply launched again,
 * and a later run merges only the hashes that are new (docs/duplicates.md, ADR 0021). Thread-safe.
 */
@Service
public class NearDuplicatesService {

  /** The aggregate step's id, in pipelines and lineage. */
  public static final String STEP = "near-duplicates";

  /** Bumped whenever the same hashes and threshold could give other clusters. */
  public static final String VERSION = "1";

  public static final String JOB_NAME = "near-duplicates";

  private static final Logger log = LoggerFactory.getLogger(NearDuplicatesService.class);

  /** Told after each committed bucket; may throw to abandon the launch (tests use it so). */
  @FunctionalInterface
  public interface Listener {
    void bucketMerged(int bucketsDone, int bucketsPending);

    static Listener none() {
      return (done, pending) -> {};
    }
  }

  private final JobRepository jobRepository;
  private final JobOperator jobOperator;
  private final PlatformTransactionManager transactionManager;
  private final DuplicateRepository duplicates;
  private final RunRepository runs;
  private final AtomicLong lastLaunch = new AtomicLong();

  NearDuplicatesService(
      JobRepository jobRepository,
      JobOperator jobOperator,
      PlatformTransactionManager transactionManager,
      DuplicateRepository duplicates,
      RunRepository runs) {
    this.jobRepository = jobRepository;
    this.jobOperator = jobOperator;
    this.transactionManager = transactionManager;
    this.duplicates = duplicates;
    this.runs = runs;
  }

  /** Runs the step to its end on this thread; see {@link #run(long, BooleanSupplier, Listener)}. */
  public AggregateStepState run(long runId) {
    return run(runId, () -> false, Listener.none());
  }

  /**
   * Launches the step's job (a new instance, going on from the committed state) and waits for it.
   *
   * @param stopRequested asked before each bucket and page: true stops the job there (STOPPED)
   * @return the step's state when the job completed or stopped
   * @throws AggregateStepFailedException when the job failed; {@code aggregate_step} is FAILED
   * @throws dev.darkroom.core.tool.InvalidToolParametersException for a bad threshold
   */
  public AggregateStepState run(long runId, BooleanSupplier stopRequested, Listener listener) {
    Run run = runs.get(runId);
    NearDuplicatesSettings settings = NearDuplicatesSettings.from(run.parametersOf(STEP));
    NearDuplicatesTasklets tasklets =
        new NearDuplicatesTasklets(duplicates, run, STEP, settings, stopRequested, listener);
    Job job =
        new JobBuilder(JOB_NAME, jobRepository)
            .listener(
                new JobExecutionListener() {
                  @Override
                  public void afterJob(JobExecution execution) {
                    recordEnd(runId, execution);
                  }
                })
            .start(
                new StepBuilder(JOB_NAME + "-ingest", jobRepository)
                    .tasklet(tasklets.ingest(), transactionManager)
                    .build())
            .next(
                new StepBuilder(JOB_NAME + "-merge", jobRepository)
                    .tasklet(tasklets.merge(), transactionManager)
                    .build())
            .next(
                new StepBuilder(JOB_NAME + "-publish", jobRepository)
                    .tasklet(tasklets.publish(), transactionManager)
                    .build())
            .build();
    JobExecution execution;
    try {
      execution = jobOperator.start(job, parameters(runId));
    } catch (Exception e) {
      throw new AggregateStepFailedException(
          "cannot start the near-duplicates job of run " + runId + ": " + e.getMessage());
    }
    if (execution.getStatus() == BatchStatus.FAILED) {
      throw new AggregateStepFailedException(
          "the near-duplicates step of run " + runId + " failed: " + reason(execution));
    }
    return state(runId).orElseThrow();
  }

  public java.util.Optional<AggregateStepState> state(long runId) {
    return duplicates.step(runId, STEP);
  }

  private JobParameters parameters(long runId) {
    // A new instance per launch (ADR 0005): the job goes on from PostgreSQL, not from Batch.
    long launch = lastLaunch.updateAndGet(last -> Math.max(last + 1, System.currentTimeMillis()));
    return new JobParametersBuilder()
        .addLong("runId", runId)
        .addLong("launch", launch)
        .toJobParameters();
  }

  private void recordEnd(long runId, JobExecution execution) {
    try {
      if (execution.getStatus() == BatchStatus.COMPLETED) {
        duplicates.finishStep(runId, STEP, "COMPLETED", null);
      } else if (execution.getStatus() == BatchStatus.FAILED) {
        duplicates.finishStep(runId, STEP, "FAILED", reason(execution));
      }
    } catch (RuntimeException e) {
      // The state row is a report; the next launch sets it again.
      log.warn(
          "Could not record the end of run {}'s near-duplicates step: {}", runId, e.toString());
    }
  }

  private static String reason(JobExecution execution) {
    List<Throwable> failures = new ArrayList<>(execution.getAllFailureExceptions());
    if (failures.isEmpty()) {
      return "job ended " + execution.getStatus();
    }
    Throwable first = failures.get(0);
    return first.getMessage() == null ? first.getClass().getSimpleName() : first.getMessage();
  }
}
