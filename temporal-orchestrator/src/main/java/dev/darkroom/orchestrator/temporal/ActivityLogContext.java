package dev.darkroom.orchestrator.temporal;

import dev.darkroom.core.run.PartitionLaunch;
import io.temporal.common.interceptors.ActivityInboundCallsInterceptor;
import io.temporal.common.interceptors.ActivityInboundCallsInterceptorBase;
import io.temporal.common.interceptors.WorkerInterceptorBase;
import org.slf4j.MDC;

/**
 * Puts the run id and partition number of an activity's arguments into the logging context (MDC
 * keys {@code runId} and {@code partition}, the same the partition jobs use) while the activity
 * runs: a run activity takes the run id first or a {@link PartitionLaunch}.
 */
public final class ActivityLogContext extends WorkerInterceptorBase {

  static final String RUN_ID = "runId";
  static final String PARTITION = "partition";

  @Override
  public ActivityInboundCallsInterceptor interceptActivity(ActivityInboundCallsInterceptor next) {
    return new ActivityInboundCallsInterceptorBase(next) {
      @Override
      public ActivityOutput execute(ActivityInput input) {
        Object[] arguments = input.getArguments();
        Object first = arguments.length == 0 ? null : arguments[0];
        boolean tagged = true;
        if (first instanceof PartitionLaunch launch) {
          MDC.put(RUN_ID, Long.toString(launch.runId()));
          MDC.put(PARTITION, Integer.toString(launch.partitionNo()));
        } else if (first instanceof Long runId) {
          MDC.put(RUN_ID, runId.toString());
        } else {
          tagged = false;
        }
        try {
          return super.execute(input);
        } finally {
          if (tagged) {
            MDC.remove(RUN_ID);
            MDC.remove(PARTITION);
          }
        }
      }
    };
  }
}
