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

  /**
   * The worker's first argument for a long-lived worker: start once, then run one partition per
   * line read from standard input ({@link #assignment}), each ended by a line starting with {@link
   * #END_LINE}; exit 0 when standard input ends.
   */
  public static final String SERVE = "serve";

  /**
   * The start of the line a long-lived worker prints to standard output when a partition ended,
   * followed by the partition's exit code: {@code darkroom-worker: partition R/P exit C}.
   */
  public static final String END_LINE = "darkroom-worker: partition ";

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

  /**
   * A long-lived worker's arguments: {@code serve} followed by the launches' settings as {@code
   * --key=value}, sorted by key. Such a worker runs only launches with these same settings.
   */
  public static List<String> serveArguments(Map<String, String> settings) {
    List<String> arguments = new ArrayList<>();
    arguments.add(SERVE);
    for (Map.Entry<String, String> setting : new TreeMap<>(settings).entrySet()) {
      arguments.add("--" + setting.getKey() + "=" + setting.getValue());
    }
    return List.copyOf(arguments);
  }

  /**
   * The line that hands a long-lived worker one partition: {@code partition --run=R --partition=P
   * --attempt=A}, the {@link #arguments} without the settings, which the worker got at its start.
   */
  public static String assignment(PartitionLaunch launch, int attempt) {
    return String.join(" ", arguments(launch, attempt).subList(0, 4));
  }

  /** The line a long-lived worker prints when a partition ended with {@code exitCode}. */
  public static String endLine(long runId, int partitionNo, int exitCode) {
    return END_LINE + runId + "/" + partitionNo + " exit " + exitCode;
  }

  /** The exit code in a line printed by {@link #endLine}, or -1 if the line is not one. */
  public static int exitCodeOf(String line) {
    if (!line.startsWith(END_LINE)) {
      return -1;
    }
    int at = line.lastIndexOf(" exit ");
    try {
      return at < 0 ? -1 : Integer.parseInt(line.substring(at + " exit ".length()).strip());
    } catch (NumberFormatException e) {
      return -1;
    }
  }
}
