package dev.darkroom.web.batchadmin;

import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * Everything about one execution: the summary (with the full exit description), its parameters, its
 * steps in order, the other executions of its instance (newest first), the state of its run
 * partition or scan in Darkroom ({@code ownerStatus}, e.g. {@code RUNNING} or {@code
 * COMPLETED_WITH_FAILURES}; null when there is no owner or it no longer exists), and the actions it
 * allows.
 */
public record JobExecutionDetail(
    JobExecutionSummary execution,
    List<ExecutionParameter> parameters,
    List<StepExecutionSummary> steps,
    List<JobExecutionSummary> instanceExecutions,
    boolean stopping,
    @Nullable String runningStep,
    @Nullable String ownerStatus,
    ExecutionActions actions) {

  /** Whether the execution, or a step of it, still runs: the page keeps refreshing itself. */
  public boolean live() {
    return execution.running() || stopping;
  }
}
