package dev.darkroom.orchestrator.run;

import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * What {@link RunWorkflow} needs to execute a run whose row already exists: ids, the pinned
 * pipeline, the concurrency bound and settings passed through to every partition's worker.
 *
 * @param maxConcurrentPartitions how many partitions execute at once, from the run's policy
 * @param settings Spring properties handed to out-of-process workers; may be empty
 * @param partitionsPerExecution partition executions started before the workflow continues as new,
 *     which keeps one execution's history bounded whatever the run's size
 * @param checkpoint null for a new run; the state carried over when continuing as new
 * @param startPaused the run is PAUSED in PostgreSQL (start-up reconciliation starts the workflow
 *     of a paused run whose workflow was gone): the workflow's first action is to wait for resume,
 *     so nothing is planned or launched, and the run is not marked RUNNING, before someone resumes
 *     it. Absent (false) in histories recorded before it existed.
 * @param launcher the run's launcher ({@code in-process}, {@code process}, ...); null for the
 *     server's default, as in histories recorded before runs chose one
 * @param aggregateSteps the pipeline's steps over the whole run, executed in order once every
 *     partition has ended (the {@code duplicates} pipeline's {@code near-duplicates}); empty for
 *     most pipelines and in histories recorded before they existed
 */
public record RunInput(
    long runId,
    String pipelineId,
    String pipelineVersion,
    int maxConcurrentPartitions,
    Map<String, String> settings,
    int partitionsPerExecution,
    @Nullable RunCheckpoint checkpoint,
    boolean startPaused,
    @Nullable String launcher,
    @Nullable List<String> aggregateSteps) {

  /**
   * A bound in partitions beside the workflow's bound in history events (about 1,000 an execution,
   * some 160 partitions), which a run reaches first.
   */
  public static final int DEFAULT_PARTITIONS_PER_EXECUTION = 500;

  public RunInput {
    if (maxConcurrentPartitions < 1) {
      throw new IllegalArgumentException(
          "maxConcurrentPartitions must be at least 1, was " + maxConcurrentPartitions);
    }
    if (partitionsPerExecution < 1) {
      throw new IllegalArgumentException(
          "partitionsPerExecution must be at least 1, was " + partitionsPerExecution);
    }
    settings = Map.copyOf(settings);
    aggregateSteps = aggregateSteps == null ? List.of() : List.copyOf(aggregateSteps);
  }

  /** The same fields without aggregate steps, as every caller before them built it. */
  public RunInput(
      long runId,
      String pipelineId,
      String pipelineVersion,
      int maxConcurrentPartitions,
      Map<String, String> settings,
      int partitionsPerExecution,
      @Nullable RunCheckpoint checkpoint,
      boolean startPaused,
      @Nullable String launcher) {
    this(
        runId,
        pipelineId,
        pipelineVersion,
        maxConcurrentPartitions,
        settings,
        partitionsPerExecution,
        checkpoint,
        startPaused,
        launcher,
        List.of());
  }

  /** The same run, ending with these aggregate steps. */
  public RunInput withAggregateSteps(List<String> steps) {
    return new RunInput(
        runId,
        pipelineId,
        pipelineVersion,
        maxConcurrentPartitions,
        settings,
        partitionsPerExecution,
        checkpoint,
        startPaused,
        launcher,
        steps);
  }

  /** A new run with the default history budget. */
  public static RunInput of(
      long runId,
      String pipelineId,
      String pipelineVersion,
      int maxConcurrentPartitions,
      Map<String, String> settings) {
    return new RunInput(
        runId,
        pipelineId,
        pipelineVersion,
        maxConcurrentPartitions,
        settings,
        DEFAULT_PARTITIONS_PER_EXECUTION,
        null,
        false,
        null);
  }

  /** The same run on the named launcher (null: the server's default). */
  public RunInput withLauncher(@Nullable String name) {
    return new RunInput(
        runId,
        pipelineId,
        pipelineVersion,
        maxConcurrentPartitions,
        settings,
        partitionsPerExecution,
        checkpoint,
        startPaused,
        name,
        aggregateSteps);
  }

  /** The same run, started paused (see {@link #startPaused()}) or not. */
  public RunInput withStartPaused(boolean paused) {
    return new RunInput(
        runId,
        pipelineId,
        pipelineVersion,
        maxConcurrentPartitions,
        settings,
        partitionsPerExecution,
        checkpoint,
        paused,
        launcher,
        aggregateSteps);
  }

  RunInput continuedFrom(RunCheckpoint next) {
    return new RunInput(
        runId,
        pipelineId,
        pipelineVersion,
        maxConcurrentPartitions,
        settings,
        partitionsPerExecution,
        next,
        false,
        launcher,
        aggregateSteps);
  }
}
