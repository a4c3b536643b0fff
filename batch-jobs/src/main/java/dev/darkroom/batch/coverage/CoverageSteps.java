package dev.darkroom.batch.coverage;

import dev.darkroom.core.coverage.CoverageRepository;
import dev.darkroom.core.coverage.CoverageStep;
import dev.darkroom.core.tool.Pipeline;
import dev.darkroom.core.tool.PipelineRegistry;
import dev.darkroom.core.tool.Tool;
import dev.darkroom.core.tool.ToolParameters;
import dev.darkroom.core.tool.ToolRegistry;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The coverage steps of a process's pipelines: every tool of every pipeline, with its version and
 * its default parameters (what a production run without overrides uses). The server pins them at
 * start-up ({@link CoverageRepository#pin}); a tool whose version or defaults changed since the
 * last start turns its older artifacts stale by that one row update. Workers never pin: a worker of
 * another build (a rolling upgrade) must not move what "current" means.
 */
public final class CoverageSteps {

  private CoverageSteps() {}

  /** The steps of every pipeline whose tools are all here, each tool once. */
  public static List<CoverageStep> pinned(PipelineRegistry pipelines, ToolRegistry tools) {
    Map<String, CoverageStep> steps = new LinkedHashMap<>();
    for (String id : pipelines.ids()) {
      Pipeline pipeline = pipelines.get(id);
      for (String toolId : pipeline.toolIds()) {
        tools
            .find(toolId)
            .ifPresent(
                tool ->
                    steps.putIfAbsent(
                        toolId, step(tool, tool.resolveParameters(ToolParameters.empty()))));
      }
    }
    return new ArrayList<>(steps.values());
  }

  /** A tool with the effective parameters a run gives it, as a coverage step. */
  public static CoverageStep step(Tool tool, ToolParameters effective) {
    return new CoverageStep(
        tool.id(),
        tool.outputKind(),
        tool.version(),
        effective.sha256(),
        List.copyOf(tool.acceptedMediaTypes().patterns()));
  }
}
