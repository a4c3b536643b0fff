package dev.darkroom.bench.runs;

import io.temporal.activity.ActivityOptions;
import io.temporal.common.RetryOptions;
import io.temporal.workflow.Promise;
import io.temporal.workflow.Workflow;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/** See {@link NaiveWorkflow}. */
public class NaiveWorkflowImpl implements NaiveWorkflow {

  private final NaiveWorkflow.AssetActivities activities =
      Workflow.newActivityStub(
          NaiveWorkflow.AssetActivities.class,
          ActivityOptions.newBuilder()
              // Generous: activities wait in the task queue while the worker's slots are busy,
              // and schedule-to-start is not bounded here.
              .setStartToCloseTimeout(Duration.ofMinutes(5))
              .setRetryOptions(RetryOptions.newBuilder().setMaximumAttempts(3).build())
              .build());

  @Override
  public long run(long[] assetIds, int window) {
    long outputs = 0;
    List<Promise<Integer>> pending = new ArrayList<>();
    for (long id : assetIds) {
      if (pending.size() >= window) {
        Promise.anyOf(pending).get();
        List<Promise<Integer>> still = new ArrayList<>(pending.size());
        for (Promise<Integer> p : pending) {
          if (p.isCompleted()) {
            outputs += p.get();
          } else {
            still.add(p);
          }
        }
        pending = still;
      }
      pending.add(io.temporal.workflow.Async.function(activities::processAsset, id));
    }
    for (Promise<Integer> p : pending) {
      outputs += p.get();
    }
    return outputs;
  }
}
