package dev.darkroom.batch.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import dev.darkroom.batch.sample.SampleArchive;
import dev.darkroom.batch.scan.ScanService;
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
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Primary;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * A chunk ends on time as well as on count: with a slow tool and chunks of up to 100 units, the
 * units of one partition commit in many small chunks, each about the time budget long, so results
 * show up as they are made instead of after a hundred units.
 */
@SpringBootTest(
    classes = {WorkerMain.WorkerApplication.class, TimeBoundedChunkTest.SlowTools.class})
class TimeBoundedChunkTest {

  static final SampleArchive ARCHIVE = SampleRun.archive();
  static final Pipeline SLOW = new Pipeline("slow", "1", List.of("slow"));
  static final long TOOL_MILLIS = 150;

  @DynamicPropertySource
  static void properties(DynamicPropertyRegistry registry) {
    SampleRun.register(registry, "TimeBoundedChunkTest", ARCHIVE, 100);
    registry.add("darkroom.runs.chunk-max-time", () -> "200ms");
  }

  // Listed in classes above, not a @TestConfiguration (see PipelineToolFailureTest).
  static class SlowTools {
    @Bean
    @Primary
    ToolRegistry slowToolRegistry() {
      return ToolRegistry.of(new SlowTool());
    }

    @Bean
    @Primary
    PipelineRegistry slowPipelineRegistry() {
      return new PipelineRegistry(List.of(PipelineRegistry.IMAGES_BASIC, SLOW));
    }
  }

  @Autowired ScanService scans;
  @Autowired RunCreation creation;
  @Autowired RunPlanning planning;
  @Autowired PartitionJobService partitionJobs;
  @Autowired JdbcClient jdbc;

  @Test
  void aSlowToolsUnitsCommitInChunksThatEndOnTimeNotOnlyOnCount() {
    scans.scan(false, p -> {});
    long runId =
        creation.create(RunRequest.allAssets("slow", RunPolicy.production(), "t").withForce(true));
    planning.plan(runId);

    PartitionProgress end = partitionJobs.run(runId, 0, PipelineProgress.Listener.NONE);

    assertThat(end.state()).isEqualTo(PartitionProgress.State.COMPLETED);
    long units =
        jdbc.sql("SELECT count(*) FROM run_unit WHERE run_id = ? AND status = 'DONE'")
            .param(runId)
            .query(Long.class)
            .single();
    assertThat(units).as("every sample asset processed").isGreaterThanOrEqualTo(20);
    Map<String, Object> step =
        jdbc.sql(
                """
                SELECT s.commit_count, s.read_count, s.write_count
                  FROM batch_step_execution s
                  JOIN batch_job_execution_params p ON p.job_execution_id = s.job_execution_id
                 WHERE p.parameter_name = 'runId' AND p.parameter_value = ?
                """)
            .param(Long.toString(runId))
            .query()
            .singleRow();
    // Each unit takes 150 ms and a chunk ends with the first unit past 200 ms: two units a chunk.
    // Ending on count alone would have been one chunk of every unit (chunk-size 100).
    assertThat(((Number) step.get("commit_count")).longValue())
        .as("chunks committed")
        .isGreaterThanOrEqualTo(units / 3);
    assertThat(((Number) step.get("read_count")).longValue())
        .as("Batch counts units, not batches")
        .isEqualTo(units);
    assertThat(((Number) step.get("write_count")).longValue()).isEqualTo(units);
  }

  /** Takes {@value #TOOL_MILLIS} ms a unit, like a slow decoder or a model would take longer. */
  static final class SlowTool implements Tool {

    @Override
    public String id() {
      return "slow";
    }

    @Override
    public String version() {
      return "1";
    }

    @Override
    public MediaTypeSet acceptedMediaTypes() {
      return MediaTypeSet.of("*/*");
    }

    @Override
    public ToolParameters resolveParameters(ToolParameters requested) {
      return requested;
    }

    @Override
    public ToolResult process(ToolInput input) {
      try {
        Thread.sleep(TOOL_MILLIS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      return ToolResult.success(ToolOutput.inline("slow", "{\"ok\":true}"));
    }
  }
}
