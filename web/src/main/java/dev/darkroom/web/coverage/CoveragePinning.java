package dev.darkroom.web.coverage;

import dev.darkroom.batch.coverage.CoverageSteps;
import dev.darkroom.core.coverage.CoverageRepository;
import dev.darkroom.core.coverage.CoverageStep;
import dev.darkroom.core.tool.PipelineRegistry;
import dev.darkroom.core.tool.ToolRegistry;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.stereotype.Component;

/**
 * Pins the coverage steps of this server's pipelines when it starts (docs/coverage.md): the server
 * decides what "current" means, never a worker.
 */
@Component
class CoveragePinning implements ApplicationRunner {

  private static final Logger log = LoggerFactory.getLogger(CoveragePinning.class);

  private final CoverageRepository coverage;
  private final PipelineRegistry pipelines;
  private final ToolRegistry tools;

  CoveragePinning(CoverageRepository coverage, PipelineRegistry pipelines, ToolRegistry tools) {
    this.coverage = coverage;
    this.pipelines = pipelines;
    this.tools = tools;
  }

  @Override
  public void run(ApplicationArguments args) {
    List<CoverageStep> steps = CoverageSteps.pinned(pipelines, tools);
    coverage.pin(steps);
    log.info(
        "Coverage steps pinned: {}",
        String.join(", ", steps.stream().map(s -> s.toolId() + " v" + s.toolVersion()).toList()));
  }
}
