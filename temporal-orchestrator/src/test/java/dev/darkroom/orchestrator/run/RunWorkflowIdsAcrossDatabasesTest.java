package dev.darkroom.orchestrator.run;

import static org.assertj.core.api.Assertions.assertThat;

import dev.darkroom.batch.BatchJobsConfiguration;
import dev.darkroom.batch.sample.SampleArchive;
import dev.darkroom.batch.sample.SampleArchiveGenerator;
import dev.darkroom.batch.scan.ScanService;
import dev.darkroom.core.installation.InstallationRepository;
import dev.darkroom.core.run.Run;
import dev.darkroom.core.run.RunPolicy;
import dev.darkroom.core.run.RunRepository;
import dev.darkroom.core.run.RunRequest;
import dev.darkroom.core.run.RunStatus;
import dev.darkroom.orchestrator.temporal.TemporalDevServerExtension;
import dev.darkroom.testsupport.TestDatabase;
import io.temporal.api.enums.v1.WorkflowExecutionStatus;
import io.temporal.client.WorkflowClient;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Import;

/**
 * Run ids are unique only per database; workflow ids must be unique per Temporal namespace. Several
 * databases — two installations, or one database reset while Temporal keeps its state — each start
 * their run 1 on one Temporal dev server, and every one of them runs to the end under a workflow of
 * its own.
 */
@ExtendWith(TemporalDevServerExtension.class)
class RunWorkflowIdsAcrossDatabasesTest {

  @SpringBootConfiguration
  @EnableAutoConfiguration
  @Import({BatchJobsConfiguration.class, RunServiceConfiguration.class})
  static class App {}

  static SampleArchive archive;

  @BeforeAll
  static void archive() throws IOException {
    archive =
        SampleArchiveGenerator.generate(
            Files.createTempDirectory("darkroom-workflow-ids").resolve("photos"));
  }

  @Test
  void twoInstallationsOnOneTemporalServerBothRunTheirRunOne() throws Exception {
    // Two installations sharing a namespace need task queues of their own too (docs/runs.md).
    try (ConfigurableApplicationContext first = start("first", "queue-a");
        ConfigurableApplicationContext second = start("second", "queue-b")) {
      long a = startRun(first);
      long b = startRun(second);

      Run runA = awaitEnd(first, a);
      Run runB = awaitEnd(second, b);

      assertThat(a).isEqualTo(1);
      assertThat(b).isEqualTo(1);
      assertThat(runA.workflowId()).isNotEqualTo(runB.workflowId());
      assertThat(runA.workflowId())
          .isEqualTo(
              "darkroom-" + first.getBean(InstallationRepository.class).shortId() + "-run-1");
      assertThat(runB.workflowId())
          .isEqualTo(
              "darkroom-" + second.getBean(InstallationRepository.class).shortId() + "-run-1");
      assertThat(runA.status()).isEqualTo(RunStatus.COMPLETED_WITH_FAILURES);
      assertThat(runB.status()).isEqualTo(RunStatus.COMPLETED_WITH_FAILURES);
      assertThat(workflowStatus(first, runA)).isEqualTo(completed());
      assertThat(workflowStatus(second, runB)).isEqualTo(completed());
    }
  }

  @Test
  void aDatabaseResetWhileTemporalKeepsItsStateStartsItsRunOneAfresh() throws Exception {
    String taskQueue = "reset-" + UUID.randomUUID();
    String before;
    try (ConfigurableApplicationContext original = start("before-reset", taskQueue)) {
      long runId = startRun(original);
      Run run = awaitEnd(original, runId);
      assertThat(runId).isEqualTo(1);
      assertThat(run.status()).isEqualTo(RunStatus.COMPLETED_WITH_FAILURES);
      before = run.workflowId();
    }

    // The same installation's settings and Temporal server, a new empty database.
    try (ConfigurableApplicationContext reset = start("after-reset", taskQueue)) {
      long runId = startRun(reset);
      Run run = awaitEnd(reset, runId);

      assertThat(runId).isEqualTo(1);
      assertThat(run.workflowId()).isNotEqualTo(before);
      assertThat(run.status()).isEqualTo(RunStatus.COMPLETED_WITH_FAILURES);
      assertThat(workflowStatus(reset, run)).isEqualTo(completed());
      // The earlier installation's workflow is untouched.
      assertThat(
              reset
                  .getBean(WorkflowClient.class)
                  .newUntypedWorkflowStub(before)
                  .describe()
                  .getStatus())
          .isEqualTo(completed());
    }
  }

  private static ConfigurableApplicationContext start(String name, String taskQueue) {
    TestDatabase db = TestDatabase.create("WorkflowIds_" + name);
    Path data = archive.root().resolveSibling("data-" + name);
    Map<String, Object> properties = new LinkedHashMap<>();
    properties.put("spring.datasource.url", db.jdbcUrl());
    properties.put("spring.datasource.username", db.username());
    properties.put("spring.datasource.password", db.password());
    properties.put("darkroom.archive.roots", archive.root().toString());
    properties.put("darkroom.data-dir", data.toString());
    properties.put("darkroom.launcher.in-process.threads", "2");
    properties.put("darkroom.temporal.target", TemporalDevServerExtension.server().target());
    properties.put("darkroom.temporal.task-queue", taskQueue);
    ConfigurableApplicationContext context =
        new SpringApplicationBuilder(App.class)
            .web(WebApplicationType.NONE)
            .properties(properties)
            .run();
    context.getBean(ScanService.class).scan(false, p -> {});
    return context;
  }

  private static long startRun(ConfigurableApplicationContext context) {
    return context
        .getBean(RunService.class)
        .startRun(
            RunRequest.allAssets("images-basic", RunPolicy.sandboxFraction(1.0, 1), "x"), "t");
  }

  private static Run awaitEnd(ConfigurableApplicationContext context, long runId)
      throws InterruptedException {
    RunRepository runs = context.getBean(RunRepository.class);
    await(() -> runs.get(runId).status().terminal(), "run " + runId + " to end");
    Run run = runs.get(runId);
    await(
        () ->
            workflowStatus(context, run)
                != WorkflowExecutionStatus.WORKFLOW_EXECUTION_STATUS_RUNNING,
        "the workflow of run " + runId + " to close");
    return run;
  }

  private static WorkflowExecutionStatus workflowStatus(
      ConfigurableApplicationContext context, Run run) {
    return context
        .getBean(WorkflowClient.class)
        .newUntypedWorkflowStub(run.workflowId())
        .describe()
        .getStatus();
  }

  private static WorkflowExecutionStatus completed() {
    return WorkflowExecutionStatus.WORKFLOW_EXECUTION_STATUS_COMPLETED;
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
