package dev.darkroom.core.run;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.darkroom.core.tool.ToolParameters;
import dev.darkroom.testsupport.PostgresExtension;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class RunRepositoryTest {

  @RegisterExtension static PostgresExtension db = new PostgresExtension();

  CatalogFixture catalog;

  @BeforeEach
  void setUp() {
    catalog = new CatalogFixture(db.dataSource());
  }

  @Test
  void createdRunReadsBackWithItsPolicyParametersAndPinnedToolVersions() {
    RunRequest request =
        RunRequest.allAssets("images-basic", RunPolicy.sandbox(25, 99), "alice")
            .withParameters(ToolParameters.of(Map.of("thumbnail", Map.of("quality", 0.7))));

    long id = catalog.runs.create(request, "1", Map.of("thumbnail", "1", "image-metadata", "1"));
    Run run = catalog.runs.get(id);

    assertThat(run.status()).isEqualTo(RunStatus.PENDING);
    assertThat(run.policy()).isEqualTo(RunPolicy.sandbox(25, 99));
    assertThat(run.policy().thumbnailSize()).isEqualTo(256);
    assertThat(run.policy().artifactTtl()).isEqualTo(Duration.ofDays(7));
    assertThat(run.toolVersions())
        .containsEntry("thumbnail", "1")
        .containsEntry("image-metadata", "1");
    assertThat(run.parametersOf("thumbnail")).isEqualTo(ToolParameters.of(Map.of("quality", 0.7)));
    assertThat(run.parametersOf("image-metadata")).isEqualTo(ToolParameters.empty());
    assertThat(run.requestedBy()).isEqualTo("alice");
    assertThat(catalog.runs.list(10)).extracting(Run::id).contains(id);
  }

  @Test
  void lifecycleAllowsItsMovesAndRefusesOthersWithATypedError() {
    long id = catalog.run(RunRequest.allAssets("p", RunPolicy.production(), "t"));

    catalog.runs.transition(id, RunStatus.PLANNING);
    catalog.runs.transition(id, RunStatus.RUNNING);
    catalog.runs.transition(id, RunStatus.RUNNING); // repeating a move is a no-op
    catalog.runs.transition(id, RunStatus.PAUSED);
    catalog.runs.transition(id, RunStatus.RUNNING);
    catalog.runs.transition(id, RunStatus.CANCELLED);

    Run run = catalog.runs.get(id);
    assertThat(run.status()).isEqualTo(RunStatus.CANCELLED);
    assertThat(run.startedAt()).isNotNull();
    assertThat(run.finishedAt()).isNotNull();
    assertThatThrownBy(() -> catalog.runs.transition(id, RunStatus.RUNNING))
        .isInstanceOf(IllegalRunTransitionException.class)
        .hasMessage("Run " + id + " is CANCELLED and cannot become RUNNING");
  }

  @Test
  void unknownRunsAndInvalidScopesAreTypedErrors() {
    assertThatThrownBy(() -> catalog.runs.transition(424242, RunStatus.RUNNING))
        .isInstanceOf(UnknownRunException.class);
    assertThatThrownBy(() -> catalog.runs.setWorkflowId(424242, "run-424242"))
        .isInstanceOf(UnknownRunException.class);
    assertThatThrownBy(
            () ->
                catalog.run(
                    new RunRequest(
                        "p",
                        null,
                        "type:picture",
                        null,
                        RunPolicy.production(),
                        ToolParameters.empty(),
                        "t")))
        .isInstanceOf(InvalidRunRequestException.class)
        .hasMessageContaining("at column 5: expected a media type");
    assertThatThrownBy(
            () -> catalog.run(RunRequest.collection("p", 424242, RunPolicy.production(), "t")))
        .isInstanceOf(InvalidRunRequestException.class)
        .hasMessageContaining("no collection with id 424242");
    assertThatThrownBy(
            () -> catalog.run(RunRequest.rerunFailed("p", 424242, RunPolicy.production(), "t")))
        .isInstanceOf(UnknownRunException.class);
  }

  @Test
  void workflowIdIsRecorded() {
    long id = catalog.run(RunRequest.allAssets("p", RunPolicy.production(), "t"));

    catalog.runs.setWorkflowId(id, "run-" + id);

    assertThat(catalog.runs.get(id).workflowId()).isEqualTo("run-" + id);
  }
}
