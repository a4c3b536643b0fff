package dev.darkroom.orchestrator.run;

import static org.assertj.core.api.Assertions.assertThat;

import dev.darkroom.batch.BatchJobsConfiguration;
import dev.darkroom.batch.pipeline.PartitionJobService;
import dev.darkroom.batch.sample.SampleArchive;
import dev.darkroom.batch.sample.SampleArchiveGenerator;
import dev.darkroom.batch.scan.ScanService;
import dev.darkroom.batch.testing.PacedTool;
import dev.darkroom.batch.tools.metadata.ImageMetadataTool;
import dev.darkroom.batch.tools.thumbnail.ThumbnailTool;
import dev.darkroom.core.run.PartitionRepository;
import dev.darkroom.core.run.PartitionStatus;
import dev.darkroom.core.run.RunPartition;
import dev.darkroom.core.run.RunPolicy;
import dev.darkroom.core.run.RunRepository;
import dev.darkroom.core.run.RunRequest;
import dev.darkroom.core.run.RunStatus;
import dev.darkroom.core.run.RunUnitRepository;
import dev.darkroom.core.tool.Pipeline;
import dev.darkroom.core.tool.PipelineRegistry;
import dev.darkroom.core.tool.ToolRegistry;
import dev.darkroom.orchestrator.temporal.TemporalDevServerExtension;
import dev.darkroom.testsupport.TestDatabase;
import io.temporal.client.WorkflowClient;
import java.nio.file.Files;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.context.annotation.Primary;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * Start-up reconciliation across a restart: an application starts a run, its workflow is terminated
 * and the application stops with the run RUNNING in PostgreSQL; a new application on the same
 * database and Temporal server resumes the run while it starts, and the run completes with every
 * unit processed once.
 */
@ExtendWith(TemporalDevServerExtension.class)
class RunReconciliationAtStartupTest {

  /** Takes its pace per image, so a run can be watched and steered; throws for PNGs. */
  static final PacedTool SLOW_TOOL =
      PacedTool.named("slow").failingFor("image/png", "PNGs break this tool");

  static final Pipeline SLOW = new Pipeline("slow", "1", List.of("image-metadata", "slow"));

  @SpringBootConfiguration
  @EnableAutoConfiguration
  @Import({BatchJobsConfiguration.class, RunServiceConfiguration.class})
  static class App {
    @Bean
    @Primary
    ToolRegistry testToolRegistry() {
      return ToolRegistry.of(new ImageMetadataTool(), new ThumbnailTool(), SLOW_TOOL);
    }

    @Bean
    @Primary
    PipelineRegistry testPipelineRegistry() {
      return new PipelineRegistry(List.of(PipelineRegistry.IMAGES_BASIC, SLOW));
    }
  }

  @Test
  void aRunningRunWhoseWorkflowWasTerminatedIsResumedWhenTheApplicationStartsAgain()
      throws Exception {
    SampleArchive archive =
        SampleArchiveGenerator.generate(
            Files.createTempDirectory("darkroom-reconcile").resolve("photos"));
    TestDatabase db = TestDatabase.create("RunReconciliationAtStartupTest");
    Map<String, Object> properties = new LinkedHashMap<>();
    properties.put("spring.datasource.url", db.jdbcUrl());
    properties.put("spring.datasource.username", db.username());
    properties.put("spring.datasource.password", db.password());
    properties.put("darkroom.archive.roots", archive.root().toString());
    properties.put("darkroom.data-dir", archive.root().resolveSibling("data").toString());
    properties.put("darkroom.runs.chunk-size", "2");
    properties.put("darkroom.runs.partition-size", "10");
    properties.put("darkroom.launcher.in-process.threads", "2");
    properties.put("darkroom.temporal.target", TemporalDevServerExtension.server().target());
    properties.put("darkroom.temporal.task-queue", "restart-" + UUID.randomUUID());

    long runId;
    SLOW_TOOL.pace(200);
    try (ConfigurableApplicationContext first = start(properties)) {
      first.getBean(ScanService.class).scan(false, p -> {});
      runId =
          first
              .getBean(RunService.class)
              .startRun(
                  RunRequest.allAssets("slow", RunPolicy.production(), "x").withForce(true), "t");
      PartitionRepository partitions = first.getBean(PartitionRepository.class);
      PartitionJobService jobs = first.getBean(PartitionJobService.class);
      await(
          () ->
              partitions.list(runId).stream()
                  .anyMatch(p -> p.status() == PartitionStatus.COMPLETED),
          "a first completed partition");
      // The server goes away: its workflow is terminated and its jobs stop at a chunk boundary.
      first
          .getBean(WorkflowClient.class)
          .newUntypedWorkflowStub(first.getBean(RunService.class).workflowId(runId))
          .terminate("test: the server went away");
      for (RunPartition partition : partitions.list(runId)) {
        jobs.stop(runId, partition.partitionNo());
      }
      await(
          () ->
              partitions.list(runId).stream()
                  .noneMatch(p -> jobs.runningHere(runId, p.partitionNo())),
          "the partitions' jobs stopped");
      assertThat(first.getBean(RunRepository.class).get(runId).status())
          .isEqualTo(RunStatus.RUNNING);
      assertThat(first.getBean(RunUnitRepository.class).counts(runId).unfinished()).isPositive();
    } finally {
      SLOW_TOOL.pace(0);
    }

    try (ConfigurableApplicationContext second = start(properties)) {
      RunRepository runs = second.getBean(RunRepository.class);
      await(() -> runs.get(runId).status().terminal(), "the resumed run to end");

      assertThat(runs.get(runId).status()).isEqualTo(RunStatus.COMPLETED_WITH_FAILURES);
      assertThat(second.getBean(RunUnitRepository.class).counts(runId).unfinished()).isZero();
      JdbcClient jdbc = second.getBean(JdbcClient.class);
      List<Long> artifactsPerDoneUnit =
          jdbc.sql(
                  """
                  SELECT count(l.artifact_id) FROM run_unit u
                    LEFT JOIN artifact a ON a.run_id = u.run_id AND a.unit_key = u.unit_key
                    LEFT JOIN lineage l ON l.artifact_id = a.id
                   WHERE u.run_id = ? AND u.status = 'DONE' GROUP BY u.unit_key
                  """)
              .param(runId)
              .query(Long.class)
              .list();
      assertThat(artifactsPerDoneUnit).isNotEmpty().allSatisfy(n -> assertThat(n).isEqualTo(2));
    }
  }

  private static ConfigurableApplicationContext start(Map<String, Object> properties) {
    return new SpringApplicationBuilder(App.class)
        .web(WebApplicationType.NONE)
        .properties(properties)
        .run();
  }

  private static void await(BooleanSupplier condition, String what) throws InterruptedException {
    Instant deadline = Instant.now().plus(Duration.ofSeconds(90));
    while (!condition.getAsBoolean()) {
      if (Instant.now().isAfter(deadline)) {
        throw new AssertionError("timed out waiting for " + what);
      }
      Thread.sleep(50);
    }
  }
}
