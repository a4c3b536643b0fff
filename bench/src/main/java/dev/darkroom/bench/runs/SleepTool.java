package dev.darkroom.bench.runs;

import dev.darkroom.core.tool.MediaTypeSet;
import dev.darkroom.core.tool.Pipeline;
import dev.darkroom.core.tool.Tool;
import dev.darkroom.core.tool.ToolInput;
import dev.darkroom.core.tool.ToolOutput;
import dev.darkroom.core.tool.ToolParameters;
import dev.darkroom.core.tool.ToolResult;
import java.time.Duration;
import java.util.List;

/**
 * A tool as slow as video, HEIC or ML tools: {@link #UNIT_TIME} per unit, a tiny inline output. The
 * benchmark's {@code bench-sleep} pipeline runs it alone, to measure when the first artifact of a
 * slow tool's run is committed (target: the unit's time + 1 s).
 */
final class SleepTool implements Tool {

  static final Duration UNIT_TIME = Duration.ofSeconds(5);
  static final Pipeline PIPELINE = new Pipeline("bench-sleep", "1", List.of("sleep"));

  @Override
  public String id() {
    return "sleep";
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
    try {
      Thread.sleep(UNIT_TIME.toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    return ToolResult.success(ToolOutput.inline("slept", "{\"asset\":" + input.assetId() + "}"));
  }
}
