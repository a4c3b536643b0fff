package dev.darkroom.batch.duplicates;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.darkroom.batch.coverage.CoverageSteps;
import dev.darkroom.batch.pipeline.PartitionJobService;
import dev.darkroom.batch.pipeline.PipelineProgress;
import dev.darkroom.batch.pipeline.RunCreation;
import dev.darkroom.batch.scan.ScanService;
import dev.darkroom.batch.testing.NearDuplicateArchive;
import dev.darkroom.batch.worker.WorkerMain;
import dev.darkroom.core.coverage.CoverageRepository;
import dev.darkroom.core.duplicates.AggregateStepState;
import dev.darkroom.core.duplicates.ClusterMember;
import dev.darkroom.core.duplicates.DuplicateCluster;
import dev.darkroom.core.duplicates.DuplicateRepository;
import dev.darkroom.core.duplicates.ExactDuplicate;
import dev.darkroom.core.run.PlanResult;
import dev.darkroom.core.run.RunPlanning;
import dev.darkroom.core.run.RunPolicy;
import dev.darkroom.core.run.RunRequest;
import dev.darkroom.core.tool.PipelineRegistry;
import dev.darkroom.core.tool.ToolRegistry;
import dev.darkroom.testsupport.TestDatabase;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The duplicates pipeline end to end in one JVM against real PostgreSQL, with the real thumbnail
 * and phash tools: near copies of one picture cluster and an unrelated one does not; an exact copy
 * shows as one asset at two paths; a step that failed mid-way goes on from its committed buckets; a
 * rerun after new files merges only those; every cluster artifact's lineage lists each member's
 * hash.
 */
@SpringBootTest(classes = WorkerMain.WorkerApplication.class)
class NearDuplicatesAggregateTest {

  static final Path ROOT = root();

  @DynamicPropertySource
  static void properties(DynamicPropertyRegistry registry) {
    TestDatabase.create("NearDuplicatesAggregateTest").registerWith(registry);
    registry.add("darkroom.archive.roots", ROOT::toString);
    registry.add("darkroom.data-dir", () -> ROOT.getParent().resolve("data").toString());
  }

  static Path root() {
    try {
      Path root = Files.createTempDirectory("darkroom-duplicates").resolve("photos");
      NearDuplicateArchive.write(root);
      return root;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Autowired ScanService scans;
  @Autowired RunCreation creation;
  @Autowired RunPlanning planning;
  @Autowired PartitionJobService partitionJobs;
  @Autowired CoverageRepository coverage;
  @Autowired PipelineRegistry pipelines;
  @Autowired ToolRegistry tools;
  @Autowired NearDuplicatesService aggregate;
  @Autowired DuplicateRepository duplicates;
  @Autowired JdbcClient jdbc;

  @Test
  void clustersNearCopiesGoesOnAfterAFailureAndMergesOnlyNewAssetsOnARerun() throws Exception {
    // given the archive, catalogued, and a production duplicates run's per-asset steps done
    scans.scan(false, p -> {});
    coverage.pin(CoverageSteps.pinned(pipelines, tools));
    long first = runPartitions();
    // (a bucket is the hash's top 8 bits: its first two hex digits)
    int buckets =
        jdbc.sql(
                "SELECT count(DISTINCT substr(inline_value ->> 'phash', 1, 2)) FROM artifact"
                    + " WHERE kind = 'phash'")
            .query(Integer.class)
            .single();
    assertThat(buckets).as("the pictures' hashes fall into several buckets").isGreaterThan(1);

    // when the aggregate step fails after its first bucket committed (a crash in the second)
    assertThatThrownBy(
            () ->
                aggregate.run(
                    first,
                    () -> false,
                    (done, pending) -> {
                      if (done == 2) {
                        throw new IllegalStateException("injected crash in the second bucket");
                      }
                    }))
        .isInstanceOf(AggregateStepFailedException.class)
        .hasMessageContaining("injected crash");

    // then the first bucket's merge stayed committed and the step says FAILED
    AggregateStepState failed = duplicates.step(first, NearDuplicatesService.STEP).orElseThrow();
    assertThat(failed.status()).isEqualTo("FAILED");
    assertThat(failed.bucketsDone()).isEqualTo(1);
    assertThat(pendingBuckets()).isEqualTo(buckets - 1);

    // when it is launched again
    AggregateStepState done = aggregate.run(first);

    // then it merged only what was left and completed
    assertThat(done.status()).isEqualTo("COMPLETED");
    assertThat(done.launches()).isEqualTo(2);
    assertThat(done.membersAdded()).isEqualTo(5); // 4 scene variants, circles; the copy is one
    assertThat(done.membersMerged()).isEqualTo(5);
    assertThat(pendingBuckets()).isZero();

    // and the scene's copies are one cluster, the unrelated picture in none
    long index = done.indexId();
    List<DuplicateCluster> clusters = duplicates.clusters(index, 10, 0);
    assertThat(clusters).hasSize(1);
    DuplicateCluster scene = clusters.get(0);
    assertThat(paths(scene))
        .containsExactlyInAnyOrder(
            "photos/scene.jpg",
            "photos/copies/scene.jpg",
            "photos/scene-small.png",
            "photos/scene-q30.jpg",
            "photos/scene-cropped-bright.jpg");
    assertThat(scene.members()).hasSize(4);
    assertThat(scene.members()).allSatisfy(m -> assertThat(m.distance()).isLessThanOrEqualTo(8));
    assertThat(scene.members()).allSatisfy(m -> assertThat(m.thumbnailArtifactId()).isNotNull());
    assertLineageListsEveryMembersHash(scene);

    // and the exact copy comes from the catalog as one asset at two paths
    List<ExactDuplicate> exact = duplicates.exactDuplicates(10, 0);
    assertThat(exact).hasSize(1);
    assertThat(exact.get(0).paths()).containsExactly("photos/copies/scene.jpg", "photos/scene.jpg");

    // when new files arrive and a second production run covers them
    NearDuplicateArchive.addLater(ROOT);
    scans.scan(false, p -> {});
    long second = runPartitions();
    AggregateStepState rerun = aggregate.run(second);

    // then only the two new assets were added and merged, into the existing cluster
    assertThat(rerun.indexId()).isEqualTo(index);
    assertThat(rerun.membersAdded()).isEqualTo(2);
    assertThat(rerun.membersMerged()).isEqualTo(2);
    assertThat(mergedBy(first)).isEqualTo(5);
    assertThat(mergedBy(second)).isEqualTo(2);
    List<DuplicateCluster> after = duplicates.clusters(index, 10, 0);
    assertThat(after).hasSize(1);
    assertThat(after.get(0).clusterId()).isEqualTo(scene.clusterId());
    assertThat(after.get(0).runId()).isEqualTo(second);
    assertThat(paths(after.get(0))).contains("photos/later/scene-large.jpg");
    assertThat(paths(after.get(0))).doesNotContain("photos/later/stripes.png");
    assertThat(after.get(0).members()).hasSize(5);
    assertLineageListsEveryMembersHash(after.get(0));

    // and a run asking for a threshold outside 0..16 is refused before anything is written
    assertThatThrownBy(
            () ->
                creation.create(
                    RunRequest.allAssets("duplicates", RunPolicy.production(), "t")
                        .withParameters(
                            dev.darkroom.core.tool.ToolParameters.fromJson(
                                "{\"near-duplicates\":{\"threshold\":40}}"))))
        .hasMessageContaining("threshold");
  }

  private long runPartitions() {
    long runId = creation.create(RunRequest.allAssets("duplicates", RunPolicy.production(), "t"));
    PlanResult plan = planning.plan(runId);
    for (int p = 0; p < plan.partitions(); p++) {
      partitionJobs.run(runId, p, PipelineProgress.Listener.NONE);
    }
    assertThat(
            jdbc.sql("SELECT count(*) FROM run_unit WHERE run_id = ? AND status <> 'DONE'")
                .param(runId)
                .query(Long.class)
                .single())
        .isZero();
    return runId;
  }

  private void assertLineageListsEveryMembersHash(DuplicateCluster cluster) {
    Set<Long> inputs =
        Set.copyOf(
            jdbc.sql("SELECT input_artifact_id FROM lineage_input WHERE artifact_id = ?")
                .param(cluster.artifactId())
                .query(Long.class)
                .list());
    assertThat(inputs)
        .isEqualTo(
            cluster.members().stream()
                .map(ClusterMember::phashArtifactId)
                .collect(Collectors.toSet()));
    assertThat(
            jdbc.sql("SELECT tool_id FROM lineage WHERE artifact_id = ?")
                .param(cluster.artifactId())
                .query(String.class)
                .single())
        .isEqualTo("near-duplicates");
    assertThat(
            jdbc.sql("SELECT kind FROM artifact WHERE id IN (:ids) GROUP BY kind")
                .param("ids", inputs)
                .query(String.class)
                .list())
        .containsExactly("phash");
  }

  private static Set<String> paths(DuplicateCluster cluster) {
    return cluster.members().stream().flatMap(m -> m.paths().stream()).collect(Collectors.toSet());
  }

  private int pendingBuckets() {
    return jdbc.sql(
            "SELECT count(DISTINCT bucket) FROM duplicate_member WHERE merged_by_run IS NULL")
        .query(Integer.class)
        .single();
  }

  private long mergedBy(long runId) {
    return jdbc.sql("SELECT count(*) FROM duplicate_member WHERE merged_by_run = ?")
        .param(runId)
        .query(Long.class)
        .single();
  }
}
