package dev.darkroom.core.run;

import static org.assertj.core.api.Assertions.assertThat;

import dev.darkroom.core.artifact.ArtifactRepository;
import dev.darkroom.core.artifact.NewArtifact;
import dev.darkroom.core.artifact.RunArtifact;
import dev.darkroom.core.tool.ToolParameters;
import dev.darkroom.testsupport.PostgresExtension;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The chunk writer's insert of artifacts with lineage, as the run's units see it. */
class ArtifactLineageInsertTest {

  @RegisterExtension static PostgresExtension db = new PostgresExtension();

  @Test
  void redoneChunkInsertsNothingAndKeepsTheFirstRowsWithTheirLineage() {
    CatalogFixture catalog = new CatalogFixture(db.dataSource());
    ArtifactRepository artifacts = new ArtifactRepository(catalog.jdbc);
    long asset = catalog.assets(1).get(0);
    long runId = catalog.run(RunRequest.allAssets("images-basic", RunPolicy.sandbox(1, 1), "t"));
    String unit = JdbcRunPlanningTest.key(asset);
    ToolParameters parameters = ToolParameters.of(Map.of("maxSize", 256));
    String sha = "ab".repeat(32);
    List<NewArtifact> chunk =
        List.of(
            new NewArtifact(
                "thumbnail",
                asset,
                unit,
                "ab/ab/" + sha,
                sha,
                1234L,
                "image/jpeg",
                null,
                "thumbnail",
                "1",
                parameters.canonicalJson(),
                parameters.sha256()),
            new NewArtifact(
                "image-metadata",
                asset,
                unit,
                null,
                null,
                null,
                "application/json",
                "{\"width\":4}",
                "image-metadata",
                "1",
                "{}",
                ToolParameters.empty().sha256()));
    Instant expires = Instant.now().plus(7, ChronoUnit.DAYS).truncatedTo(ChronoUnit.MILLIS);

    int first = artifacts.insertWithLineage(runId, expires, chunk);
    int redo = artifacts.insertWithLineage(runId, expires.plusSeconds(60), chunk);

    assertThat(first).isEqualTo(2);
    assertThat(redo).isZero();
    List<RunArtifact> rows = artifacts.byRun(runId, 0, 10);
    assertThat(rows).hasSize(2);
    RunArtifact thumbnail =
        rows.stream().filter(a -> a.kind().equals("thumbnail")).findFirst().orElseThrow();
    assertThat(thumbnail.storageKey()).isEqualTo("ab/ab/" + sha);
    assertThat(thumbnail.sizeBytes()).isEqualTo(1234L);
    assertThat(thumbnail.expiresAt()).isEqualTo(expires);
    assertThat(thumbnail.paramsHash()).isEqualTo(parameters.sha256());
    assertThat(ToolParameters.fromJson(thumbnail.parametersJson())).isEqualTo(parameters);
    RunArtifact metadata =
        rows.stream().filter(a -> a.kind().equals("image-metadata")).findFirst().orElseThrow();
    assertThat(metadata.inlineJson()).isEqualTo("{\"width\": 4}");
    assertThat(metadata.storageKey()).isNull();
  }
}
