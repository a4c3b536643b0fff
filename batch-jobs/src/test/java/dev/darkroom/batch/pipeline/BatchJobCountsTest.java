package dev.darkroom.batch.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import dev.darkroom.batch.sample.SampleArchive;
import dev.darkroom.batch.worker.WorkerMain;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.springframework.batch.core.BatchStatus;
import org.springframework.batch.core.job.JobExecution;
import org.springframework.batch.core.job.JobInstance;
import org.springframework.batch.core.job.parameters.JobParameters;
import org.springframework.batch.core.job.parameters.JobParametersBuilder;
import org.springframework.batch.core.launch.JobOperator;
import org.springframework.batch.core.repository.JobRepository;
import org.springframework.batch.infrastructure.item.ExecutionContext;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * V98's kept counts per job name (ADR 0031) equal a recount of Batch's own tables after what Spring
 * Batch does to them through its {@link JobRepository} and {@link JobOperator}: instances and
 * executions created one by one and concurrently, restarts (a second execution of an instance),
 * abandons, and deletions of executions (the newest too) and of whole instances.
 */
@SpringBootTest(classes = WorkerMain.WorkerApplication.class)
class BatchJobCountsTest {

  static final SampleArchive ARCHIVE = SampleRun.archive();

  @DynamicPropertySource
  static void properties(DynamicPropertyRegistry registry) {
    SampleRun.register(registry, "BatchJobCountsTest", ARCHIVE, 50);
  }

  @Autowired JobRepository jobRepository;
  @Autowired JobOperator jobOperator;
  @Autowired JdbcClient jdbc;

  /** One row per job name: instances, executions, newest execution id. */
  record Counts(long instances, long executions, Long lastExecutionId) {}

  @Test
  void keptCountsEqualARecountAfterCreationsRestartsAbandonsAndDeletions() throws Exception {
    List<JobInstance> alpha = new ArrayList<>();
    for (int i = 0; i < 5; i++) {
      JobInstance instance = jobRepository.createJobInstance("alpha", params("alpha", i));
      alpha.add(instance);
      execution(instance, params("alpha", i), BatchStatus.FAILED);
    }
    // A second and third execution of one instance, as a restart makes them.
    JobExecution restarted = execution(alpha.get(1), params("alpha", 1), BatchStatus.FAILED);
    execution(alpha.get(1), params("alpha", 1), BatchStatus.STOPPED);
    JobInstance beta = jobRepository.createJobInstance("beta", params("beta", 0));
    assertThat(kept()).isEqualTo(recount());
    assertThat(kept().get("alpha")).isEqualTo(new Counts(5, 7, newest("alpha")));
    assertThat(kept().get("beta")).isEqualTo(new Counts(1, 0, null));

    // Concurrent launches of one job name: each updates the same count row.
    int threads = 8;
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    CyclicBarrier together = new CyclicBarrier(threads);
    try {
      List<Future<?>> launches = new ArrayList<>();
      for (int t = 0; t < threads; t++) {
        int thread = t;
        launches.add(
            pool.submit(
                () -> {
                  together.await();
                  for (int i = 0; i < 10; i++) {
                    JobParameters p = params("gamma", thread * 100 + i);
                    execution(jobRepository.createJobInstance("gamma", p), p, BatchStatus.FAILED);
                  }
                  return null;
                }));
      }
      for (Future<?> launch : launches) {
        launch.get();
      }
    } finally {
      pool.shutdown();
    }
    assertThat(kept()).isEqualTo(recount());
    assertThat(kept().get("gamma").executions()).isEqualTo(80);

    // Abandon through the operator: an update, no count changes.
    JobExecution failed = jobRepository.getLastJobExecution(alpha.get(3));
    jobOperator.abandon(failed);
    assertThat(kept()).isEqualTo(recount());

    // Deleting the job's newest execution finds the next newest; an older one leaves it.
    JobExecution newestAlpha = jobRepository.getJobExecution(newest("alpha"));
    jobRepository.deleteJobExecution(newestAlpha);
    assertThat(kept()).isEqualTo(recount());
    assertThat(kept().get("alpha").executions()).isEqualTo(6);
    jobRepository.deleteJobExecution(jobRepository.getJobExecution(restarted.getId()));
    assertThat(kept()).isEqualTo(recount());

    // Deleting whole instances (Batch deletes their executions first).
    jobRepository.deleteJobInstance(alpha.get(0));
    jobRepository.deleteJobInstance(beta);
    assertThat(kept()).isEqualTo(recount());
    assertThat(kept().get("alpha")).isEqualTo(new Counts(4, 4, newest("alpha")));
    assertThat(kept().get("beta")).isEqualTo(new Counts(0, 0, null));
  }

  private JobExecution execution(JobInstance instance, JobParameters params, BatchStatus status) {
    JobExecution execution =
        jobRepository.createJobExecution(instance, params, new ExecutionContext());
    execution.setStatus(status);
    execution.setEndTime(java.time.LocalDateTime.now());
    jobRepository.update(execution);
    return execution;
  }

  private static JobParameters params(String job, long n) {
    return new JobParametersBuilder().addString("test", job + "-" + n).toJobParameters();
  }

  private Long newest(String job) {
    return jdbc.sql(
            """
            SELECT max(e.job_execution_id) FROM batch_job_execution e
              JOIN batch_job_instance i ON i.job_instance_id = e.job_instance_id
             WHERE i.job_name = :job
            """)
        .param("job", job)
        .query(Long.class)
        .single();
  }

  private Map<String, Counts> kept() {
    Map<String, Counts> counts = new TreeMap<>();
    jdbc.sql("SELECT job_name, instances, executions, last_execution_id FROM batch_job_count")
        .query(
            rs -> {
              counts.put(
                  rs.getString(1),
                  new Counts(rs.getLong(2), rs.getLong(3), rs.getObject(4, Long.class)));
            });
    return counts;
  }

  /** What the kept counts must be, counted from Batch's tables (a name with none left: zeros). */
  private Map<String, Counts> recount() {
    Map<String, Counts> counts = new TreeMap<>();
    jdbc.sql(
            """
            SELECT n.job_name,
                   (SELECT count(*) FROM batch_job_instance i WHERE i.job_name = n.job_name),
                   (SELECT count(*) FROM batch_job_execution e
                      JOIN batch_job_instance i ON i.job_instance_id = e.job_instance_id
                     WHERE i.job_name = n.job_name),
                   (SELECT max(e.job_execution_id) FROM batch_job_execution e
                      JOIN batch_job_instance i ON i.job_instance_id = e.job_instance_id
                     WHERE i.job_name = n.job_name)
              FROM (SELECT job_name FROM batch_job_instance
                    UNION SELECT job_name FROM batch_job_count) n
            """)
        .query(
            rs -> {
              counts.put(
                  rs.getString(1),
                  new Counts(rs.getLong(2), rs.getLong(3), rs.getObject(4, Long.class)));
            });
    return counts;
  }
}
