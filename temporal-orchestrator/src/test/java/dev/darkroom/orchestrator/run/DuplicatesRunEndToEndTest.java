package dev.darkroom.orchestrator.run;

import static org.assertj.core.api.Assertions.assertThat;

import dev.darkroom.batch.BatchJobsConfiguration;
import dev.darkroom.batch.coverage.CoverageSteps;
import dev.darkroom.batch.duplicates.NearDuplicatesService;
import dev.darkroom.batch.scan.ScanService;
import dev.darkroom.batch.testing.NearDuplicateArchive;
import dev.darkroom.core.coverage.CoverageRepository;
import dev.darkroom.core.duplicates.AggregateStepState;
import dev.darkroom.core.duplicates.DuplicateCluster;
import dev.darkroom.core.duplicates.DuplicateRepository;
import dev.darkroom.core.run.Run;
import dev.darkroom.core.run.RunPolicy;
import dev.darkroom.core.run.RunRepository;
import dev.darkroom.core.run.RunRequest;
import dev.darkroom.core.run.RunStatus;
import dev.darkroom.core.tool.PipelineRegistry;
import dev.darkroom.core.tool.ToolRegistry;
import dev.darkroom.orchestrator.temporal.TemporalDevServerExtension;
import dev.darkroom.testsupport.TestDatabase;
import io.temporal.api.enums.v1.EventType;
import io.temporal.client.WorkflowClient;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.annotation.Import;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The {@code duplicates} pipeline as the server runs it: the real Temporal dev server (skipped,
 * naming the missing {@code temporal} binary, when it is absent), real PostgreSQL, the in-process
 * launcher and the real tools. The workflow runs the per-asset partitions and then the {@code
 * near-duplicates} aggregate step as an activity, and only then finishes the run.
 */
@ExtendWith(TemporalDevServerExtension.class)
@SpringBootTest(classes = DuplicatesRunEndToEndTest.App.class)
class DuplicatesRunEndToEndTest {

  static final Path ROOT = root();
  static final Duration TIMEOUT = Duration.ofSeconds(180);

  @DynamicPropertySource
  static void properties(DynamicPropertyRegistry registry) {
    TestDatabase.create("DuplicatesRunEndToEndTest").registerWith(registry);
    registry.add("darkroom.archive.roots", ROOT::toString);
    registry.add("darkroom.data-dir", () -> ROOT.getParent().resolve("data").toString());
    registry.add("darkroom.runs.chunk-size", () -> "2");
    registry.add("darkroom.launcher.in-process.threads", () -> "2");
    registry.add("darkroom.temporal.target", () -> TemporalDevServerExtension.server().target());
    registry.add("darkroom.temporal.task-queue", () -> "e2e-duplicates-" + UUID.randomUUID());
  }

  static Path root() {
    try {
      Path root = Files.createTempDirectory("darkroom-e2e-duplicates").resolve("photos");
      NearDuplicateArchive.write(root);
      return root;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @SpringBootConfiguration
  @EnableAutoConfiguration
  @Import({BatchJobsConfiguration.class, RunServiceConfiguration.class})
  static class App {}

  @Autowired RunService service;
  @Autowired RunRepository runs;
  @Autowired ScanService scans;
  @Autowired CoverageRepository coverage;
  @Autowired PipelineRegistry pipelines;
  @Autowired ToolRegistry tools;
  @Autowired DuplicateRepository duplicates;
  @Autowired WorkflowClient client;

  @Test
  void aDuplicatesRunClustersNearCopiesAfterItsPartitionsAndBeforeItFinishes() throws Exception {
    // given a catalogued archive of near copies
    scans.scan(false, p -> {});
    coverage.pin(CoverageSteps.pinned(pipelines, tools));

    // when a production duplicates run is started through the service
    long runId =
        service.startRun(RunRequest.allAssets("duplicates", RunPolicy.production(), "t"), "t");
    Run run = awaitEnd(runId);

    // then it completed, and its aggregate step ran once and clustered the near copies
    assertThat(run.status()).isEqualTo(RunStatus.COMPLETED);
    AggregateStepState step = duplicates.step(runId, NearDuplicatesService.STEP).orElseThrow();
    assertThat(step.status()).isEqualTo("COMPLETED");
    assertThat(step.membersMerged()).isEqualTo(5);
    List<DuplicateCluster> clusters = duplicates.clusters(step.indexId(), 10, 0);
    assertThat(clusters).hasSize(1);
    assertThat(
            clusters.get(0).members().stream()
                .flatMap(m -> m.paths().stream())
                .collect(Collectors.toSet()))
        .contains("photos/scene.jpg", "photos/copies/scene.jpg", "photos/scene-q30.jpg")
        .doesNotContain("photos/" + NearDuplicateArchive.UNRELATED);
    assertThat(clusters.get(0).runId()).isEqualTo(runId);

    // and the workflow ran the step as an activity between the partitions and finish
    List<String> activities =
        client.fetchHistory(run.workflowId()).getHistory().getEventsList().stream()
            .filter(e -> e.getEventType() == EventType.EVENT_TYPE_ACTIVITY_TASK_SCHEDULED)
            .map(e -> e.getActivityTaskScheduledEventAttributes().getActivityType().getName())
            .toList();
    assertThat(activities.get(activities.size() - 1)).isEqualTo("Finish");
    assertThat(activities.get(activities.size() - 2)).isEqualTo("ExecuteAggregate");
    assertThat(activities).contains("ExecutePartition");
  }

  private Run awaitEnd(long runId) throws InterruptedException {
    Instant deadline = Instant.now().plus(TIMEOUT);
    while (Instant.now().isBefore(deadline)) {
      Run run = runs.get(runId);
      if (run.status().terminal()) {
        return run;
      }
      Thread.sleep(200);
    }
    throw new AssertionError("run " + runId + " did not end within " + TIMEOUT);
  }
}
