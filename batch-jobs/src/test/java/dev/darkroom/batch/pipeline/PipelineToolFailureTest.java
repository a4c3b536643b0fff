package dev.darkroom.batch.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import dev.darkroom.batch.sample.SampleArchive;
import dev.darkroom.batch.scan.ScanService;
import dev.darkroom.batch.tools.metadata.ImageMetadataTool;
import dev.darkroom.batch.worker.WorkerMain;
import dev.darkroom.core.run.PartitionProgress;
import dev.darkroom.core.run.RunPlanning;
import dev.darkroom.core.run.RunPolicy;
import dev.darkroom.core.run.RunRequest;
import dev.darkroom.core.tool.MediaTypeSet;
import dev.darkroom.core.tool.Pipeline;
import dev.darkroom.core.tool.PipelineRegistry;
import dev.darkroom.core.tool.Tool;
import dev.darkroom.core.tool.ToolInput;
import dev.darkroom.core.tool.ToolOutput;
import dev.darkroom.core.tool.ToolParameters;
import dev.darkroom.core.tool.ToolRegistry;
import dev.darkroom.core.tool.ToolResult;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Primary;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * A pipeline with a flaky test tool: transient failures are retried and then succeed, and a tool
 * that throws fails its unit only while the rest of the chunk commits.
 */
@SpringBootTest(
    classes = {WorkerMain.WorkerApplication.class, PipelineToolFailureTest.FlakyTools.class})
class PipelineToolFailureTest {

  static final SampleArchive ARCHIVE = SampleRun.archive();
  static final Pipeline FLAKY = new Pipeline("flaky", "1", List.of("image-metadata", "flaky"));

  @DynamicPropertySource
  static void properties(DynamicPropertyRegistry registry) {
    SampleRun.register(registry, "PipelineToolFailureTest", ARCHIVE, 5);
  }

  // Not a @TestConfiguration: BatchJobsConfiguration scans dev.darkroom.batch, and would pick it
  // up in every other test context of this package. Listed in classes above instead.
  static class FlakyTools {
    @Bean
    @Primary
    ToolRegistry flakyToolRegistry() {
      return ToolRegistry.of(new ImageMetadataTool(), new FlakyTool());
    }

    @Bean
    @Primary
    PipelineRegistry flakyPipelineRegistry() {
      return new PipelineRegistry(List.of(PipelineRegistry.IMAGES_BASIC, FLAKY));
    }
  }

  @Autowired ScanService scans;
  @Autowired RunCreation creation;
  @Autowired RunPlanning planning;
  @Autowired PartitionJobService partitionJobs;
  @Autowired JdbcClient jdbc;

  @Test
  void transientFailuresAreRetriedAndAThrowingToolFailsOnlyItsUnit() {
    scans.scan(false, p -> {});
    long runId =
        creation.create(RunRequest.allAssets("flaky", RunPolicy.production(), "t").withForce(true));
    planning.plan(runId);

    PartitionProgress end = partitionJobs.run(runId, 0, PipelineProgress.Listener.NONE);

    assertThat(end.state()).isEqualTo(PartitionProgress.State.COMPLETED);
    List<Map<String, Object>> units =
        jdbc.sql(
                """
                SELECT u.status, u.attempts, u.error, a.media_type
                  FROM run_unit u JOIN asset a ON a.id = u.asset_id
                 WHERE u.run_id = ?
                """)
            .param(runId)
            .query()
            .listOfRows();
    assertThat(units)
        .filteredOn(u -> "image/jpeg".equals(u.get("media_type")) && "DONE".equals(u.get("status")))
        .isNotEmpty()
        .allSatisfy(u -> assertThat(u.get("attempts")).isEqualTo(2));
    assertThat(units)
        .filteredOn(u -> "image/png".equals(u.get("media_type")))
        .isNotEmpty()
        .allSatisfy(
            u -> {
              assertThat(u.get("status")).isEqualTo("FAILED");
              assertThat((String) u.get("error"))
                  .isEqualTo(
                      "flaky: tool flaky failed unexpectedly:"
                          + " java.lang.IllegalStateException: PNGs break this tool");
            });
    long flakyArtifacts =
        jdbc.sql("SELECT count(*) FROM artifact WHERE run_id = ? AND kind = 'flaky'")
            .param(runId)
            .query(Long.class)
            .single();
    assertThat(flakyArtifacts)
        .isEqualTo(units.stream().filter(u -> "DONE".equals(u.get("status"))).count());
  }

  /** Fails transiently on the first try of every asset, and throws for PNGs. */
  static final class FlakyTool implements Tool {

    private final Map<Long, AtomicInteger> tries = new ConcurrentHashMap<>();

    @Override
    public String id() {
      return "flaky";
    }

    @Override
    public String version() {
      return "1";
    }

    @Override
    public MediaTypeSet acceptedMediaTypes() {
      return MediaTypeSet.of("image/*");
    }

    @Override
    public ToolParameters resolveParameters(ToolParameters requested) {
      return requested;
    }

    @Override
    public ToolResult process(ToolInput input) {
      if (!acceptedMediaTypes().accepts(input.mediaType())) {
        return ToolResult.skipped("not an image");
      }
      if (input.mediaType().equals("image/png")) {
        throw new IllegalStateException("PNGs break this tool");
      }
      if (tries.computeIfAbsent(input.assetId(), id -> new AtomicInteger()).incrementAndGet()
          == 1) {
        return ToolResult.failedTransiently("read timed out");
      }
      return ToolResult.success(ToolOutput.inline("flaky", "{\"ok\":true}"));
    }
  }
}
