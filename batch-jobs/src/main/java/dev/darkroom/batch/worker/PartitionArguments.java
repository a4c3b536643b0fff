package dev.darkroom.batch.worker;

import dev.darkroom.core.run.PartitionWorkerCommand;
import java.util.List;
import java.util.OptionalLong;

/**
 * The parsed {@code partition --run=R --partition=P --attempt=A} arguments of {@link
 * PartitionWorkerCommand}; every other {@code --key=value} is a Spring property for the worker.
 */
record PartitionArguments(long runId, int partitionNo, int attempt) {

  /**
   * @throws IllegalArgumentException naming what is missing or malformed
   */
  static PartitionArguments parse(List<String> args) {
    if (args.isEmpty() || !args.get(0).equals(PartitionWorkerCommand.COMMAND)) {
      throw new IllegalArgumentException("the first argument must be partition");
    }
    long run = number(args, "run").orElseThrow(() -> missing("run"));
    long partition = number(args, "partition").orElseThrow(() -> missing("partition"));
    long attempt = number(args, "attempt").orElse(1);
    if (run < 1 || partition < 0 || partition > Integer.MAX_VALUE || attempt < 1) {
      throw new IllegalArgumentException(
          "--run must be 1 or more, --partition 0 or more and --attempt 1 or more");
    }
    return new PartitionArguments(run, (int) partition, (int) attempt);
  }

  private static OptionalLong number(List<String> args, String name) {
    String prefix = "--" + name + "=";
    for (String arg : args) {
      if (arg.startsWith(prefix)) {
        try {
          return OptionalLong.of(Long.parseLong(arg.substring(prefix.length())));
        } catch (NumberFormatException e) {
          throw new IllegalArgumentException("--" + name + " must be a number, was " + arg, e);
        }
      }
    }
    return OptionalLong.empty();
  }

  private static IllegalArgumentException missing(String name) {
    return new IllegalArgumentException("--" + name + "=<number> is required");
  }
}
