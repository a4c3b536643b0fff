package dev.darkroom.batch.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import dev.darkroom.batch.sample.SampleArchive;
import dev.darkroom.batch.scan.ScanService;
import dev.darkroom.batch.worker.WorkerMain;
import dev.darkroom.core.run.JdbcRunPlanning;
import dev.darkroom.core.run.PartitionProgress;
import dev.darkroom.core.run.PartitionRepository;
import dev.darkroom.core.run.PlanResult;
import dev.darkroom.core.run.RunPolicy;
import dev.darkroom.core.run.RunRepository;
import dev.darkroom.core.run.RunRequest;
import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.aopalliance.aop.Advice;
import org.junit.jupiter.api.Test;
import org.springframework.aop.Advisor;
import org.springframework.aop.framework.Advised;
import org.springframework.batch.core.job.Job;
import org.springframework.batch.core.job.parameters.JobParameters;
import org.springframework.batch.core.launch.JobOperator;
import org.springframework.batch.core.launch.support.TaskExecutorJobOperator;
import org.springframework.batch.core.repository.JobRepository;
import org.springframework.batch.core.repository.support.SimpleJobRepository;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.interceptor.TransactionAttribute;
import org.springframework.transaction.interceptor.TransactionInterceptor;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Partitions launched at the same moment create their job instances concurrently. Spring Batch's
 * default isolation for that (SERIALIZABLE) makes PostgreSQL abort some of them; Darkroom sets
 * {@code spring.batch.jdbc.isolation-level-for-create=read_committed}, which Boot hands to the job
 * repository. The job operator adds no transaction of its own around {@code start}, so that setting
 * is the whole story and launches need no retry.
 */
@SpringBootTest(classes = WorkerMain.WorkerApplication.class)
class JobCreationConcurrencyTest {

  static final SampleArchive ARCHIVE = SampleRun.archive();

  @DynamicPropertySource
  static void properties(DynamicPropertyRegistry registry) {
    SampleRun.register(registry, "JobCreationConcurrencyTest", ARCHIVE, 50);
  }

  @Autowired JobRepository jobRepository;
  @Autowired JobOperator jobOperator;
  @Autowired ScanService scans;
  @Autowired RunCreation creation;
  @Autowired RunRepository runs;
  @Autowired PartitionRepository partitions;
  @Autowired PartitionJobService partitionJobs;
  @Autowired JdbcClient jdbc;
  @Autowired PlatformTransactionManager transactionManager;

  @Test
  void jobCreationRunsInTheRepositorysReadCommittedTransactionsOnly() throws Exception {
    TransactionInterceptor repository = interceptor(jobRepository);
    for (String name : List.of("createJobInstance", "createJobExecution", "getLastJobExecution")) {
      TransactionAttribute attribute =
          repository
              .getTransactionAttributeSource()
              .getTransactionAttribute(
                  method(JobRepository.class, name), SimpleJobRepository.class);
      assertThat(attribute).as(name).isNotNull();
      assertThat(attribute.getIsolationLevel())
          .as(name)
          .isEqualTo(TransactionDefinition.ISOLATION_READ_COMMITTED);
    }

    TransactionInterceptor operator = interceptor(jobOperator);
    Method start = TaskExecutorJobOperator.class.getMethod("start", Job.class, JobParameters.class);
    Method stop =
        TaskExecutorJobOperator.class.getMethod(
            "stop", org.springframework.batch.core.job.JobExecution.class);
    assertThat(
            operator
                .getTransactionAttributeSource()
                .getTransactionAttribute(start, TaskExecutorJobOperator.class))
        .as("JobOperator.start runs without a transaction of its own")
        .isNull();
    assertThat(
            operator
                .getTransactionAttributeSource()
                .getTransactionAttribute(stop, TaskExecutorJobOperator.class))
        .as("the operator's own transactions (stop, abandon, recover) are where we looked")
        .isNotNull();
  }

  @Test
  void partitionsLaunchedAtTheSameMomentAllStartWithoutRetries() throws Exception {
    scans.scan(false, p -> {});
    long runId =
        creation.create(
            RunRequest.allAssets("images-basic", RunPolicy.production(), "t").withForce(true));
    // One unit per partition: 33 job instances created as close together as possible.
    PlanResult plan =
        new JdbcRunPlanning(jdbc, new TransactionTemplate(transactionManager), runs, partitions, 1)
            .plan(runId);
    int threads = 8;
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    CyclicBarrier together = new CyclicBarrier(threads);
    try {
      List<Future<PartitionProgress>> launches = new ArrayList<>();
      for (int p = 0; p < plan.partitions(); p++) {
        int partitionNo = p;
        launches.add(
            pool.submit(
                () -> {
                  if (partitionNo < threads) {
                    together.await();
                  }
                  return partitionJobs.run(runId, partitionNo, progress -> {});
                }));
      }
      for (Future<PartitionProgress> launch : launches) {
        assertThat(launch.get().state()).isEqualTo(PartitionProgress.State.COMPLETED);
      }
    } finally {
      pool.shutdown();
    }
    assertThat(plan.partitions()).isGreaterThan(threads);
  }

  private static TransactionInterceptor interceptor(Object proxy) {
    for (Advisor advisor : ((Advised) proxy).getAdvisors()) {
      Advice advice = advisor.getAdvice();
      if (advice instanceof TransactionInterceptor) {
        return (TransactionInterceptor) advice;
      }
    }
    throw new AssertionError(proxy + " has no transaction interceptor");
  }

  private static Method method(Class<?> type, String name) {
    return Arrays.stream(type.getMethods())
        .filter(m -> m.getName().equals(name))
        .findFirst()
        .orElseThrow();
  }
}
