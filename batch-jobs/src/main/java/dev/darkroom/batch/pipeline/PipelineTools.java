package dev.darkroom.batch.pipeline;

import dev.darkroom.batch.duplicates.NearDuplicatesService;
import dev.darkroom.batch.duplicates.NearDuplicatesSettings;
import dev.darkroom.batch.tools.thumbnail.ThumbnailSettings;
import dev.darkroom.batch.tools.thumbnail.ThumbnailTool;
import dev.darkroom.batch.tools.video.ContactSheetTool;
import dev.darkroom.batch.tools.video.FrameSettings;
import dev.darkroom.batch.tools.video.KeyframesTool;
import dev.darkroom.batch.tools.video.VideoThumbnailTool;
import dev.darkroom.core.run.RunPolicy;
import dev.darkroom.core.tool.Pipeline;
import dev.darkroom.core.tool.PipelineRegistry;
import dev.darkroom.core.tool.Tool;
import dev.darkroom.core.tool.ToolParameters;
import dev.darkroom.core.tool.ToolRegistry;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A run's tools with their effective parameters: each tool's defaults, overridden by the policy
 * (the sandbox's thumbnail size, fewer and smaller video frames), overridden by what the request
 * asked for that tool.
 */
final class PipelineTools {

  /** The tools that take frames, whose frame settings the policy sets alike. */
  private static final java.util.Set<String> FRAME_TOOLS =
      java.util.Set.of(KeyframesTool.ID, VideoThumbnailTool.ID, ContactSheetTool.ID);

  private PipelineTools() {}

  /**
   * @param requested per-tool parameters keyed by tool id
   * @throws dev.darkroom.core.tool.UnknownToolException if the pipeline names a missing tool
   * @throws dev.darkroom.core.tool.InvalidToolParametersException for unknown or bad parameters
   */
  static List<PipelineTool> resolve(
      Pipeline pipeline, ToolRegistry registry, RunPolicy policy, ToolParameters requested) {
    List<Tool> pipelineTools = registry.toolsOf(pipeline);
    // A parameter for a tool the pipeline does not run would be recorded and never used.
    for (String toolId : requested.values().keySet()) {
      if (PipelineRegistry.aggregateSteps(pipeline.id()).contains(toolId)) {
        checkAggregateParameters(toolId, requestedFor(requested, toolId));
        continue;
      }
      if (pipelineTools.stream().noneMatch(tool -> tool.id().equals(toolId))) {
        throw new dev.darkroom.core.tool.InvalidToolParametersException(
            "parameters name tool '"
                + toolId
                + "', which pipeline "
                + pipeline.id()
                + " does not run; its tools: "
                + String.join(", ", pipelineTools.stream().map(Tool::id).toList()));
      }
    }
    List<PipelineTool> tools = new ArrayList<>();
    for (Tool tool : pipelineTools) {
      ToolParameters merged =
          fromPolicy(policy, tool.id()).overriddenBy(requestedFor(requested, tool.id()));
      tools.add(new PipelineTool(tool, tool.resolveParameters(merged)));
    }
    return List.copyOf(tools);
  }

  /** An aggregate step's parameters are checked when the run is created, like a tool's. */
  private static void checkAggregateParameters(String step, ToolParameters parameters) {
    if (step.equals(NearDuplicatesService.STEP)) {
      NearDuplicatesSettings.from(parameters);
    }
  }

  private static ToolParameters fromPolicy(RunPolicy policy, String toolId) {
    Integer size = policy.thumbnailSize();
    if (toolId.equals(ThumbnailTool.ID) && size != null) {
      return ToolParameters.of(Map.of(ThumbnailSettings.MAX_SIZE, size));
    }
    if (FRAME_TOOLS.contains(toolId)) {
      // The sandbox's fewer, smaller, unkept frames; the same for every tool, so they match.
      ToolParameters frames = FrameSettings.forPolicy(policy);
      if (toolId.equals(VideoThumbnailTool.ID) && size != null) {
        frames = frames.overriddenBy(ToolParameters.of(Map.of(ThumbnailSettings.MAX_SIZE, size)));
      }
      return frames;
    }
    return ToolParameters.empty();
  }

  @SuppressWarnings("unchecked")
  private static ToolParameters requestedFor(ToolParameters requested, String toolId) {
    Object value = requested.values().get(toolId);
    if (value == null) {
      return ToolParameters.empty();
    }
    if (!(value instanceof Map<?, ?> map)) {
      throw new dev.darkroom.core.tool.InvalidToolParametersException(
          "parameters of tool " + toolId + " must be a JSON object, not " + value);
    }
    return ToolParameters.of((Map<String, ?>) map);
  }
}
