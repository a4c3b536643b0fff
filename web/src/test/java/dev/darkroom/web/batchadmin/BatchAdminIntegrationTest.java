package dev.darkroom.web.batchadmin;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.startsWith;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.header;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.redirectedUrlPattern;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import dev.darkroom.batch.pipeline.PartitionJobService;
import dev.darkroom.batch.pipeline.RunCreation;
import dev.darkroom.batch.sample.SampleArchive;
import dev.darkroom.batch.scan.ScanService;
import dev.darkroom.batch.testing.SampleArchives;
import dev.darkroom.core.catalog.ScanReport;
import dev.darkroom.core.run.PartitionProgress;
import dev.darkroom.core.run.PartitionRepository;
import dev.darkroom.core.run.PartitionStatus;
import dev.darkroom.core.run.RunFinishing;
import dev.darkroom.core.run.RunPlanning;
import dev.darkroom.core.run.RunPolicy;
import dev.darkroom.core.run.RunRepository;
import dev.darkroom.core.run.RunRequest;
import dev.darkroom.core.run.RunStatus;
import dev.darkroom.orchestrator.launcher.RunsConfiguration;
import dev.darkroom.testsupport.TestDatabase;
import dev.darkroom.web.api.ApiProblemHandler;
import dev.darkroom.web.security.SecurityConfiguration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BooleanSupplier;
import java.util.stream.IntStream;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.batch.core.BatchStatus;
import org.springframework.batch.core.job.Job;
import org.springframework.batch.core.job.JobExecution;
import org.springframework.batch.core.job.builder.JobBuilder;
import org.springframework.batch.core.job.parameters.JobParameters;
import org.springframework.batch.core.job.parameters.JobParametersBuilder;
import org.springframework.batch.core.launch.JobOperator;
import org.springframework.batch.core.repository.JobRepository;
import org.springframework.batch.core.step.builder.StepBuilder;
import org.springframework.batch.infrastructure.item.ExecutionContext;
import org.springframework.batch.infrastructure.item.ItemStreamReader;
import org.springframework.batch.infrastructure.repeat.RepeatStatus;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.context.TypeExcludeFilter;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.ComponentScan;
import org.springframework.context.annotation.FilterType;
import org.springframework.context.annotation.Import;
import org.springframework.security.test.context.support.WithMockUser;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.transaction.PlatformTransactionManager;

/**
 * The admin API and pages over executions that really ran, on real PostgreSQL with Batch's real job
 * operator: a catalog scan and run partitions of {@code images-basic} over the sample archive (33
 * units, partitions of 10, chunks of 2), and two registered test jobs, a slow chunked one to stop
 * and restart and one that fails on demand.
 */
@SpringBootTest(classes = BatchAdminIntegrationTest.App.class)
@AutoConfigureMockMvc
@WithMockUser(roles = "OPERATOR")
class BatchAdminIntegrationTest {

  static final SampleArchive ARCHIVE = SampleArchives.inTemp("darkroom-batchadmin");
  static final String XSS = "<img src=x onerror=alert(1)>";
  static final int SLOW_ITEMS = 40;

  @DynamicPropertySource
  static void properties(DynamicPropertyRegistry registry) {
    TestDatabase.create("BatchAdminIntegrationTest").registerWith(registry);
    registry.add("darkroom.archive.roots", () -> ARCHIVE.root().toString());
    registry.add("darkroom.data-dir", () -> ARCHIVE.root().resolveSibling("data").toString());
    registry.add("darkroom.runs.chunk-size", () -> "2");
    registry.add("darkroom.runs.partition-size", () -> "10");
  }

  /**
   * The batch jobs and the in-process launcher as the server has them, this package and the shared
   * API handlers as the server scans them, and the two test jobs as Spring beans (which makes them
   * registered jobs the operator can restart).
   */
  @SpringBootConfiguration
  @EnableAutoConfiguration
  @Import(RunsConfiguration.class)
  @ComponentScan(
      basePackageClasses = {
        BatchAdminService.class,
        ApiProblemHandler.class,
        SecurityConfiguration.class
      },
      excludeFilters =
          @ComponentScan.Filter(type = FilterType.CUSTOM, classes = TypeExcludeFilter.class))
  static class App {

    @Bean
    Job slowJob(JobRepository jobRepository, PlatformTransactionManager transactionManager) {
      return new JobBuilder(SlowJob.NAME, jobRepository)
          .start(
              new StepBuilder("slow-items", jobRepository)
                  .<Integer, Integer>chunk(5)
                  .transactionManager(transactionManager)
                  .reader(new SlowJob.Reader())
                  .writer(SlowJob::write)
                  .build())
          .build();
    }

    @Bean
    Job failingJob(JobRepository jobRepository, PlatformTransactionManager transactionManager) {
      return new JobBuilder(FailingJob.NAME, jobRepository)
          .start(
              new StepBuilder("maybe-fail", jobRepository)
                  .tasklet(
                      (contribution, context) -> {
                        if (FailingJob.fail) {
                          throw new IllegalStateException("the test says no: " + XSS);
                        }
                        return RepeatStatus.FINISHED;
                      },
                      transactionManager)
                  .build())
          .build();
    }
  }

  @Autowired MockMvc mvc;
  @Autowired BatchAdminRepository admin;
  @Autowired ScanService scans;
  @Autowired RunCreation creation;
  @Autowired RunPlanning planning;
  @Autowired RunRepository runs;
  @Autowired RunFinishing finishing;
  @Autowired PartitionRepository partitions;
  @Autowired PartitionJobService partitionJobs;
  @Autowired JobOperator jobOperator;

  @Autowired
  @Qualifier("slowJob")
  Job slowJob;

  @Autowired
  @Qualifier("failingJob")
  Job failingJob;

  static final AtomicLong LAUNCHES = new AtomicLong();
  static @Nullable ScanReport scan;

  @BeforeEach
  void catalogTheArchiveOnce() {
    if (scan == null) {
      scans.scan(false, p -> {});
      scan = scans.latest().orElseThrow();
    }
    SlowJob.reset();
    FailingJob.fail = true;
  }

  @Test
  void realScanAndPartitionExecutionsAreListedWithTheirRunPartitionOrScan() throws Exception {
    long runId = plannedRun();
    PartitionProgress done = partitionJobs.run(runId, 0, p -> {});
    assertThat(done.state()).isEqualTo(PartitionProgress.State.COMPLETED);
    long executionId = lastExecution(runId, 0);

    mvc.perform(get("/api/batch/jobs"))
        .andExpect(status().isOk())
        .andExpect(jsonPath("$[?(@.name == 'pipeline')].instanceCount").isNotEmpty())
        .andExpect(jsonPath("$[?(@.name == 'scan')].executionCount").isNotEmpty());
    mvc.perform(get("/api/batch/executions?job=pipeline&limit=1"))
        .andExpect(status().isOk())
        .andExpect(jsonPath("$.items[0].id").value(executionId))
        .andExpect(jsonPath("$.items[0].status").value("COMPLETED"))
        .andExpect(jsonPath("$.items[0].owner.kind").value("RUN"))
        .andExpect(jsonPath("$.items[0].owner.id").value(runId))
        .andExpect(jsonPath("$.items[0].owner.partitionNo").value(0))
        .andExpect(jsonPath("$.items[0].owner.url").value("/runs/" + runId));
    mvc.perform(get("/api/batch/executions/" + executionId))
        .andExpect(status().isOk())
        .andExpect(jsonPath("$.steps[0].name").value("pipeline-units"))
        .andExpect(jsonPath("$.steps[0].status").value("COMPLETED"))
        .andExpect(jsonPath("$.steps[0].readCount").value(10))
        .andExpect(jsonPath("$.steps[0].writeCount").value(10))
        .andExpect(
            jsonPath("$.steps[0].commitCount").value(org.hamcrest.Matchers.greaterThanOrEqualTo(5)))
        .andExpect(jsonPath("$.parameters[?(@.name == 'runId')].value").value(Long.toString(runId)))
        .andExpect(jsonPath("$.parameters[?(@.name == 'partitionNo')].identifying").value(true))
        .andExpect(jsonPath("$.ownerStatus").value("RUNNING"))
        .andExpect(jsonPath("$.actions.stop.possible").value(false))
        .andExpect(jsonPath("$.actions.restart.possible").value(false))
        .andExpect(jsonPath("$.actions.abandon.possible").value(false));
    mvc.perform(get("/api/batch/executions?job=scan&limit=1"))
        .andExpect(jsonPath("$.items[0].owner.kind").value("SCAN"))
        .andExpect(jsonPath("$.items[0].owner.id").value(scan.id()));
    mvc.perform(get("/api/batch/jobs/pipeline/instances?limit=1"))
        .andExpect(jsonPath("$.items[0].lastExecutionId").value(executionId))
        .andExpect(jsonPath("$.items[0].owner.id").value(runId));

    mvc.perform(get("/batch"))
        .andExpect(status().isOk())
        .andExpect(content().string(containsString("data-job=\"pipeline\"")))
        .andExpect(content().string(containsString("data-job=\"scan\"")));
    mvc.perform(get("/batch/jobs/pipeline"))
        .andExpect(status().isOk())
        .andExpect(content().string(containsString("href=\"/runs/" + runId + "\"")));
    mvc.perform(get("/batch/executions/" + executionId))
        .andExpect(status().isOk())
        .andExpect(content().string(containsString("partition 0 of run " + runId)))
        .andExpect(content().string(containsString("data-step=\"pipeline-units\"")))
        .andExpect(content().string(not(containsString("id=\"restart-execution\""))));
  }

  @Test
  void runningPartitionIsStoppedThroughItsPartitionAndNeverRestartedBehindItsRun()
      throws Exception {
    long runId = plannedRun();
    CountDownLatch firstCommit = new CountDownLatch(1);
    CountDownLatch release = new CountDownLatch(1);
    CompletableFuture<Long> started = new CompletableFuture<>();
    CompletableFuture<PartitionProgress> end =
        CompletableFuture.supplyAsync(
            () ->
                partitionJobs.run(
                    runId,
                    1,
                    "in-process",
                    progress -> {
                      firstCommit.countDown();
                      await(release);
                    },
                    started::complete));
    assertThat(firstCommit.await(60, TimeUnit.SECONDS)).isTrue();
    long executionId = started.get(10, TimeUnit.SECONDS);

    mvc.perform(get("/api/batch/executions/" + executionId))
        .andExpect(jsonPath("$.execution.status").value("STARTED"))
        .andExpect(jsonPath("$.actions.stop.possible").value(true))
        .andExpect(
            jsonPath("$.actions.stop.reason")
                .value(containsString("workflow then restarts the partition")));
    // Spring Batch 6 records the stop at once; the partition row and the step say it is winding
    // down until the chunk in progress has committed.
    mvc.perform(post("/api/batch/executions/" + executionId + "/stop").with(csrf()))
        .andExpect(status().isAccepted())
        .andExpect(jsonPath("$.status").value("STOPPED"));
    assertThat(partitions.find(runId, 1).orElseThrow().status())
        .isEqualTo(PartitionStatus.STOPPING);
    mvc.perform(get("/api/batch/executions/" + executionId))
        .andExpect(jsonPath("$.stopping").value(true))
        .andExpect(jsonPath("$.runningStep").value("pipeline-units"))
        .andExpect(jsonPath("$.actions.stop.possible").value(false));
    release.countDown();
    assertThat(end.get(60, TimeUnit.SECONDS).state()).isEqualTo(PartitionProgress.State.STOPPED);

    assertThat(admin.execution(executionId).orElseThrow().status()).isEqualTo(BatchStatus.STOPPED);
    assertThat(partitions.find(runId, 1).orElseThrow().status()).isEqualTo(PartitionStatus.STOPPED);
    mvc.perform(post("/api/batch/executions/" + executionId + "/restart").with(csrf()))
        .andExpect(status().isConflict())
        .andExpect(jsonPath("$.action").value("restart"))
        .andExpect(jsonPath("$.executionStatus").value("STOPPED"))
        .andExpect(jsonPath("$.detail").value(containsString("partition 1 of run " + runId)))
        .andExpect(jsonPath("$.detail").value(containsString("Temporal workflow restarts")));
    mvc.perform(post("/api/batch/executions/" + executionId + "/abandon").with(csrf()))
        .andExpect(status().isConflict())
        .andExpect(jsonPath("$.detail").value(containsString("Cancel run " + runId + " first")));

    finishing.finish(runId, true);

    mvc.perform(post("/api/batch/executions/" + executionId + "/restart").with(csrf()))
        .andExpect(status().isConflict())
        .andExpect(jsonPath("$.detail").value(containsString("has ended (CANCELLED)")));
    mvc.perform(post("/api/batch/executions/" + executionId + "/abandon").with(csrf()))
        .andExpect(status().isOk())
        .andExpect(jsonPath("$.status").value("ABANDONED"));
    assertThat(admin.execution(executionId).orElseThrow().status())
        .isEqualTo(BatchStatus.ABANDONED);
  }

  @Test
  void registeredJobIsStoppedAtAChunkBoundaryAndRestartedFromThere() throws Exception {
    SlowJob.holdFirstChunk();
    CompletableFuture<JobExecution> first =
        CompletableFuture.supplyAsync(() -> start(slowJob, nextParameters()));
    assertThat(SlowJob.firstChunkReached.await(60, TimeUnit.SECONDS)).isTrue();
    long executionId = newestExecution(SlowJob.NAME);

    mvc.perform(post("/api/batch/executions/" + executionId + "/stop").with(csrf()))
        .andExpect(status().isAccepted())
        .andExpect(jsonPath("$.status").value("STOPPED"));
    mvc.perform(post("/api/batch/executions/" + executionId + "/restart").with(csrf()))
        .andExpect(status().isConflict())
        .andExpect(jsonPath("$.detail").value(containsString("its job has not ended yet")));
    mvc.perform(get("/batch/executions/" + executionId))
        .andExpect(content().string(containsString("id=\"winding-down\"")))
        .andExpect(content().string(containsString("hx-get=\"/batch/executions/" + executionId)));
    SlowJob.release();
    assertThat(first.get(60, TimeUnit.SECONDS).getStatus()).isEqualTo(BatchStatus.STOPPED);
    List<Integer> beforeRestart = SlowJob.written();
    assertThat(beforeRestart).hasSizeLessThan(SLOW_ITEMS).isNotEmpty();

    String location =
        mvc.perform(post("/api/batch/executions/" + executionId + "/restart").with(csrf()))
            .andExpect(status().isAccepted())
            .andExpect(header().string("Location", startsWith("/api/batch/executions/")))
            .andReturn()
            .getResponse()
            .getHeader("Location");
    long restartedId = Long.parseLong(location.substring(location.lastIndexOf('/') + 1));

    assertThat(restartedId).isGreaterThan(executionId);
    awaitStatus(restartedId, BatchStatus.COMPLETED);
    assertThat(SlowJob.written())
        .as("every item written once: the restart continued after the committed chunk")
        .containsExactlyElementsOf(IntStream.range(0, SLOW_ITEMS).boxed().toList());
    mvc.perform(get("/api/batch/executions/" + executionId))
        .andExpect(jsonPath("$.instanceExecutions[0].id").value(restartedId))
        .andExpect(jsonPath("$.actions.restart.possible").value(false));
  }

  @Test
  void failedRegisteredJobIsRestartedFromThePageAndCompletes() throws Exception {
    JobExecution failed = start(failingJob, nextParameters());
    assertThat(failed.getStatus()).isEqualTo(BatchStatus.FAILED);
    FailingJob.fail = false;

    mvc.perform(get("/batch/executions/" + failed.getId()))
        .andExpect(status().isOk())
        .andExpect(content().string(containsString("id=\"restart-execution\"")))
        .andExpect(content().string(containsString("id=\"abandon-execution\"")))
        .andExpect(content().string(not(containsString("id=\"stop-execution\""))))
        .andExpect(content().string(not(containsString(XSS))))
        .andExpect(content().string(containsString("&lt;img src=x onerror=alert(1)&gt;")));
    mvc.perform(post("/batch/executions/" + failed.getId() + "/restart").with(csrf()))
        .andExpect(redirectedUrlPattern("/batch/executions/*"));

    long restartedId = newestExecution(FailingJob.NAME);
    assertThat(restartedId).isGreaterThan(failed.getId());
    awaitStatus(restartedId, BatchStatus.COMPLETED);
  }

  @Test
  void abandonedExecutionCanNeverBeRestarted() throws Exception {
    JobExecution failed = start(failingJob, nextParameters());

    mvc.perform(post("/api/batch/executions/" + failed.getId() + "/abandon").with(csrf()))
        .andExpect(status().isOk())
        .andExpect(jsonPath("$.status").value("ABANDONED"));

    mvc.perform(post("/api/batch/executions/" + failed.getId() + "/restart").with(csrf()))
        .andExpect(status().isConflict())
        .andExpect(
            jsonPath("$.detail").value(containsString("only a FAILED or STOPPED execution")));
    mvc.perform(post("/api/batch/executions/" + failed.getId() + "/abandon").with(csrf()))
        .andExpect(status().isConflict())
        .andExpect(jsonPath("$.detail").value(containsString("is ABANDONED")));
    mvc.perform(post("/api/batch/executions/" + failed.getId() + "/stop").with(csrf()))
        .andExpect(status().isConflict())
        .andExpect(jsonPath("$.detail").value(containsString("only a STARTING or STARTED")));
  }

  @Test
  @WithMockUser(roles = "VIEWER")
  void viewerReadsTheViewsButTheActionsAreForOperatorsOnly() throws Exception {
    JobExecution failed = start(failingJob, nextParameters());
    String id = Long.toString(failed.getId());

    mvc.perform(get("/api/batch/executions/" + id)).andExpect(status().isOk());
    mvc.perform(get("/batch/executions/" + id))
        .andExpect(status().isOk())
        .andExpect(content().string(not(containsString("id=\"restart-execution\""))))
        .andExpect(content().string(containsString("Only operators can stop")));
    for (String action : List.of("stop", "restart", "abandon")) {
      mvc.perform(post("/api/batch/executions/" + id + "/" + action).with(csrf()))
          .andExpect(status().isForbidden())
          .andExpect(jsonPath("$.detail").value(containsString("OPERATOR")));
      mvc.perform(post("/batch/executions/" + id + "/" + action).with(csrf()))
          .andExpect(status().isForbidden());
    }
    assertThat(admin.execution(failed.getId()).orElseThrow().status())
        .isEqualTo(BatchStatus.FAILED);
  }

  @Test
  void badListRequestsAndUnknownIdsAre4xxWithAMessage() throws Exception {
    mvc.perform(get("/api/batch/executions?limit=0"))
        .andExpect(status().isBadRequest())
        .andExpect(jsonPath("$.type").value("https://darkroom.dev/problems/invalid-parameter"))
        .andExpect(jsonPath("$.parameter").value("limit"))
        .andExpect(jsonPath("$.detail").value("limit must be between 1 and 500, not 0"));
    mvc.perform(get("/api/batch/executions?after=-3"))
        .andExpect(status().isBadRequest())
        .andExpect(jsonPath("$.detail").value(startsWith("after must be the 'next' cursor")));
    mvc.perform(get("/api/batch/executions?job=nope"))
        .andExpect(status().isNotFound())
        .andExpect(jsonPath("$.detail").value(containsString("jobs that have: ")))
        .andExpect(jsonPath("$.detail").value(containsString("scan")));
    mvc.perform(get("/api/batch/executions/987654321")).andExpect(status().isNotFound());
    mvc.perform(post("/api/batch/executions/987654321/abandon").with(csrf()))
        .andExpect(status().isNotFound());
    mvc.perform(get("/api/batch/instances/987654321")).andExpect(status().isNotFound());
    mvc.perform(get("/batch/jobs/nope")).andExpect(status().isNotFound());
  }

  @Test
  void pagingFollowsTheNextCursorWithoutRepeats() throws Exception {
    for (int i = 0; i < 3; i++) {
      start(failingJob, nextParameters());
    }
    List<Long> ids = new ArrayList<>();
    String after = "";
    do {
      String body =
          mvc.perform(
                  get("/api/batch/executions?job=" + FailingJob.NAME + "&limit=2&after=" + after))
              .andExpect(status().isOk())
              .andReturn()
              .getResponse()
              .getContentAsString();
      List<Integer> page = com.jayway.jsonpath.JsonPath.read(body, "$.items[*].id");
      page.forEach(id -> ids.add(id.longValue()));
      Object next = com.jayway.jsonpath.JsonPath.read(body, "$.next");
      after = next == null ? null : next.toString();
    } while (after != null);

    assertThat(ids).hasSizeGreaterThanOrEqualTo(3).doesNotHaveDuplicates();
    List<Long> sorted = new ArrayList<>(ids);
    sorted.sort(Collections.reverseOrder());
    assertThat(ids).isEqualTo(sorted);
    assertThat(ids)
        .hasSize(
            admin
                .executions(new ExecutionFilter(FailingJob.NAME, null, null), Long.MAX_VALUE, 500)
                .size());
  }

  private long plannedRun() {
    long runId =
        creation.create(
            RunRequest.allAssets("images-basic", RunPolicy.production(), "test").withForce(true));
    assertThat(planning.plan(runId).partitions()).isEqualTo(4);
    runs.transition(runId, RunStatus.RUNNING);
    return runId;
  }

  private long lastExecution(long runId, int partitionNo) {
    List<Long> ids = partitions.find(runId, partitionNo).orElseThrow().jobExecutionIds();
    return ids.get(ids.size() - 1);
  }

  private long newestExecution(String job) {
    return admin.executions(new ExecutionFilter(job, null, null), Long.MAX_VALUE, 1).get(0).id();
  }

  private JobExecution start(Job job, JobParameters parameters) {
    try {
      return jobOperator.start(job, parameters);
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  private static JobParameters nextParameters() {
    return new JobParametersBuilder()
        .addLong("launch", LAUNCHES.incrementAndGet())
        .toJobParameters();
  }

  private void awaitStatus(long executionId, BatchStatus expected) throws InterruptedException {
    BooleanSupplier reached = () -> admin.execution(executionId).orElseThrow().status() == expected;
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
    while (!reached.getAsBoolean() && System.nanoTime() < deadline) {
      Thread.sleep(50);
    }
    assertThat(admin.execution(executionId).orElseThrow().status()).isEqualTo(expected);
  }

  private static void await(CountDownLatch latch) {
    try {
      latch.await(60, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /**
   * A registered chunked job over the numbers 0 to 39, five per chunk, whose reader keeps its
   * position in the step's execution context (so a restart continues after the last committed
   * chunk), and whose writer can hold its first chunk until the test lets go.
   */
  static final class SlowJob {
    static final String NAME = "admin-test-slow";
    static final List<Integer> WRITTEN = Collections.synchronizedList(new ArrayList<>());
    static volatile CountDownLatch firstChunkReached = new CountDownLatch(1);
    static volatile @Nullable CountDownLatch hold;

    static void reset() {
      WRITTEN.clear();
      hold = null;
      firstChunkReached = new CountDownLatch(1);
    }

    static void holdFirstChunk() {
      hold = new CountDownLatch(1);
    }

    static void release() {
      CountDownLatch held = hold;
      hold = null;
      if (held != null) {
        held.countDown();
      }
    }

    static List<Integer> written() {
      synchronized (WRITTEN) {
        List<Integer> sorted = new ArrayList<>(WRITTEN);
        sorted.sort(null);
        return sorted;
      }
    }

    static void write(
        org.springframework.batch.infrastructure.item.Chunk<? extends Integer> chunk) {
      CountDownLatch held = hold;
      if (held != null) {
        firstChunkReached.countDown();
        await(held);
      }
      WRITTEN.addAll(chunk.getItems());
    }

    static final class Reader implements ItemStreamReader<Integer> {
      private int next;

      @Override
      public void open(ExecutionContext context) {
        next = context.getInt("next", 0);
      }

      @Override
      public void update(ExecutionContext context) {
        context.putInt("next", next);
      }

      @Override
      public @Nullable Integer read() {
        return next < SLOW_ITEMS ? next++ : null;
      }
    }
  }

  /** A registered one-step job that fails while {@link #fail} is set. */
  static final class FailingJob {
    static final String NAME = "admin-test-failing";
    static volatile boolean fail = true;
  }
}
