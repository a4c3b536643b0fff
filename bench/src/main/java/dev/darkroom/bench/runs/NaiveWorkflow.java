package dev.darkroom.bench.runs;

import io.temporal.activity.ActivityInterface;
import io.temporal.workflow.WorkflowInterface;
import io.temporal.workflow.WorkflowMethod;

/**
 * Baseline (c): the naive Temporal design, one workflow that runs one activity per asset. The
 * workflow keeps at most {@code window} activities pending (Temporal refuses more than 2,000
 * pending activities per workflow); the worker's activity slots bound the real concurrency.
 */
@WorkflowInterface
public interface NaiveWorkflow {

  /** Processes every asset id, one activity each; returns the number of outputs. */
  @WorkflowMethod
  long run(long[] assetIds, int window);

  /** One asset: both tools, outputs stored. */
  @ActivityInterface
  interface AssetActivities {
    int processAsset(long assetId);
  }
}
