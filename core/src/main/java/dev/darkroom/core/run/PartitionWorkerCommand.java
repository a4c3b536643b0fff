package dev.darkroom.core.run;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The command line of the worker that runs one partition out of the server's JVM: the same
 * arguments for a child process ({@code java ... WorkerMain <arguments>}) and for a Kubernetes Job
 * (the container's {@code args}), so a test can compare the two. The worker connects to PostgreSQL
 * and the artifact store from its own configuration; it needs no Temporal connection.
 *
 * <p>Exit codes are the contract between the worker and its launcher: {@link #EXIT_COMPLETED},
 * {@link #EXIT_FAILED}, {@link #EXIT_USAGE}, {@link #EXIT_STOPPED}.
 */
public final class PartitionWorkerCommand {

  /** The worker's first argument: run one partition. */
  public static final String COMMAND = "partition";

  /** Every unit of the partition is done, skipped or failed for its own reason. */
  public static final int EXIT_COMPLETED = 0;

  /** The job failed (a reason a relaunch may fix; the partition's last error says which). */
  public static final int EXIT_FAILED = 1;

  /** The arguments or the configuration are wrong: relaunching will not help. */
  public static final int EXIT_USAGE = 2;

  /** The job stopped at a chunk boundary because it was asked to (cancel or pause). */
  public static final int EXIT_STOPPED = 3;

  private PartitionWorkerCommand() {}

  /**
   * The worker's arguments for one attempt at one partition: {@code partition --run R --partition P
   * --attempt A} followed by the launch's settings as {@code --key=value}, sorted by key so the
   * command line is deterministic.
   *
   * @param attempt 1 for the first launch of the partition, then 2, 3, ...
   */
  public static List<String> arguments(PartitionLaunch launch, int attempt) {
    if (attempt < 1) {
      throw new IllegalArgumentException("attempt must be 1 or more, was " + attempt);
    }
    List<String> arguments = new ArrayList<>();
    arguments.add(COMMAND);
    arguments.add("--run=" + launch.runId());
    arguments.add("--partition=" + launch.partitionNo());
    arguments.add("--attempt=" + attempt);
    for (Map.Entry<String, String> setting : new TreeMap<>(launch.settings()).entrySet()) {
      arguments.add("--" + setting.getKey() + "=" + setting.getValue());
    }
    return List.copyOf(arguments);
  }
}
