package dev.darkroom.batch.pipeline;

import dev.darkroom.batch.coverage.CoverageSteps;
import dev.darkroom.core.coverage.CoverageStep;
import dev.darkroom.core.coverage.RunStepRepository;
import dev.darkroom.core.run.InvalidRunRequestException;
import dev.darkroom.core.run.RunRepository;
import dev.darkroom.core.run.RunRequest;
import dev.darkroom.core.tool.InvalidToolParametersException;
import dev.darkroom.core.tool.Pipeline;
import dev.darkroom.core.tool.PipelineRegistry;
import dev.darkroom.core.tool.ToolRegistry;
import dev.darkroom.core.tool.UnknownPipelineException;
import dev.darkroom.core.tool.UnknownToolException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.stereotype.Service;

/**
 * Turns a {@link RunRequest} into a PENDING run row: the pipeline must exist here, every tool's
 * parameters must resolve (a bad parameter is the whole run's fault, reported before any asset is
 * touched), and the pipeline and tool versions are pinned in the row.
 */
@Service
public class RunCreation {

  private final RunRepository runs;
  private final PipelineRegistry pipelines;
  private final ToolRegistry tools;
  private final RunStepRepository runSteps;

  RunCreation(
      RunRepository runs,
      PipelineRegistry pipelines,
      ToolRegistry tools,
      RunStepRepository runSteps) {
    this.runs = runs;
    this.pipelines = pipelines;
    this.tools = tools;
    this.runSteps = runSteps;
  }

  /**
   * @return the new run's id
   * @throws InvalidRunRequestException for an unknown pipeline, invalid parameters or an
   *     unsupported scope
   * @throws dev.darkroom.core.run.UnknownRunException when the request reruns an unknown run
   */
  public long create(RunRequest request) {
    Pipeline pipeline;
    Map<String, String> versions = new LinkedHashMap<>();
    List<CoverageStep> steps = new ArrayList<>();
    try {
      pipeline = pipelines.get(request.pipelineId());
      for (PipelineTool tool :
          PipelineTools.resolve(pipeline, tools, request.policy(), request.parameters())) {
        versions.put(tool.tool().id(), tool.tool().version());
        steps.add(CoverageSteps.step(tool.tool(), tool.parameters()));
      }
    } catch (UnknownPipelineException | UnknownToolException | InvalidToolParametersException e) {
      throw new InvalidRunRequestException(e.getMessage(), e);
    }
    long runId = runs.create(request, pipeline.version(), versions);
    // What the run counts as current, so that planning leaves those assets alone.
    runSteps.record(runId, steps, request.force());
    return runId;
  }
}
