package dev.darkroom.orchestrator.launcher.process;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * The worker logs of partitions run by the process launcher: {@code <dir>/run-R/partition-P.log},
 * every attempt appended to the same file. Served by the API so the run page can link to it.
 */
public final class PartitionLogs {

  private final Path dir;

  public PartitionLogs(Path dir) {
    this.dir = dir.toAbsolutePath().normalize();
  }

  /** The partition's log file, whether it exists or not. */
  public Path file(long runId, int partitionNo) {
    return dir.resolve("run-" + runId).resolve("partition-" + partitionNo + ".log");
  }

  /** The partition's log file if a worker wrote one. */
  public Optional<Path> find(long runId, int partitionNo) {
    Path file = file(runId, partitionNo);
    return Files.isRegularFile(file) ? Optional.of(file) : Optional.empty();
  }
}
