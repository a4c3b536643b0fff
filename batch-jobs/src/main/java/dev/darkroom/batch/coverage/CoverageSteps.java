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
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.stereotype.Component;

/**
 * Pins the coverage steps at start-up: every tool of every shipped pipeline, with its version and
 * its default parameters (what a production run without overrides uses). A tool whose version or
 * defaults changed since the last start turns its older artifacts stale by this one row update.
 */
@Component
public class CoverageSteps implements ApplicationRunner {

  private static final Logger log = LoggerFactory.getLogger(CoverageSteps.class);

  private final CoverageRepository coverage;
  private final PipelineRegistry pipelines;
  private final ToolRegistry tools;

  CoverageSteps(CoverageRepository coverage, PipelineRegistry pipelines, ToolRegistry tools) {
    this.coverage = coverage;
    this.pipelines = pipelines;
    this.tools = tools;
  }

  @Override
  public void run(ApplicationArguments args) {
    List<CoverageStep> steps = pinned(pipelines, tools);
    coverage.pin(steps);
    log.info(
        "Coverage steps pinned: {}",
        String.join(", ", steps.stream().map(s -> s.toolId() + " v" + s.toolVersion()).toList()));
  }

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
