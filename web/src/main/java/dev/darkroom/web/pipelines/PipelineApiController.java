package dev.darkroom.web.pipelines;

import dev.darkroom.core.tool.Pipeline;
import dev.darkroom.core.tool.PipelineRegistry;
import dev.darkroom.core.tool.Tool;
import dev.darkroom.core.tool.ToolParameters;
import dev.darkroom.core.tool.ToolRegistry;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/** The pipelines and tools this server runs, with the versions lineage records. */
@RestController
@Tag(name = "Pipelines and tools", description = "What a run can name, and which versions run")
class PipelineApiController {

  /** A pipeline: its tools in the order they run for each unit. */
  public record PipelineItem(String id, String version, List<ToolRef> tools) {}

  /** A tool of a pipeline, at the version this server runs. */
  public record ToolRef(String id, String version) {}

  /**
   * A tool.
   *
   * @param acceptedMediaTypes media types it processes; others are skipped
   * @param defaults its parameters when a run sets none
   */
  public record ToolItem(
      String id, String version, Set<String> acceptedMediaTypes, Map<String, Object> defaults) {}

  private final PipelineRegistry pipelines;
  private final ToolRegistry tools;

  PipelineApiController(PipelineRegistry pipelines, ToolRegistry tools) {
    this.pipelines = pipelines;
    this.tools = tools;
  }

  @GetMapping("/api/pipelines")
  @Operation(summary = "Pipelines with their version and tools (id and version), by id")
  List<PipelineItem> pipelines() {
    return pipelines.ids().stream().map(pipelines::get).map(this::item).toList();
  }

  @GetMapping("/api/tools")
  @Operation(summary = "Tools with their version, accepted media types and default parameters")
  List<ToolItem> tools() {
    return tools.ids().stream()
        .map(tools::get)
        .map(
            t ->
                new ToolItem(
                    t.id(),
                    t.version(),
                    new TreeSet<>(t.acceptedMediaTypes().patterns()),
                    t.resolveParameters(ToolParameters.empty()).values()))
        .toList();
  }

  private PipelineItem item(Pipeline pipeline) {
    return new PipelineItem(
        pipeline.id(),
        pipeline.version(),
        pipeline.toolIds().stream()
            .map(id -> new ToolRef(id, tools.find(id).map(Tool::version).orElse("not available")))
            .toList());
  }
}
