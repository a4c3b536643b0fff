package dev.darkroom.orchestrator.launcher.process;

import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.concurrent.CompletableFuture;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One attempt at one partition in a worker JVM: the worker's output while it runs (to the
 * partition's log file), its last line, whether a stop was asked, and how it ended.
 */
final class PartitionAttempt {

  private static final Logger log = LoggerFactory.getLogger(PartitionAttempt.class);

  /**
   * How an attempt ended.
   *
   * @param exitCode the partition's exit code ({@code PartitionWorkerCommand.EXIT_*}), or the JVM's
   *     exit code (128 + the signal when killed by one) if {@code jvmExited}
   * @param jvmExited the worker JVM ended with the attempt, rather than reporting its end and going
   *     on to the next partition
   */
  record End(int exitCode, boolean jvmExited) {}

  private final long runId;
  private final int partitionNo;
  private final String pipeline;
  private final int attempt;
  private final Path logFile;
  private final CompletableFuture<End> end = new CompletableFuture<>();
  private @Nullable BufferedWriter file;
  private volatile String lastLine = "";
  private volatile boolean stopRequested;
  private volatile @Nullable WorkerProcess worker;

  PartitionAttempt(long runId, int partitionNo, String pipeline, int attempt, Path logFile) {
    this.runId = runId;
    this.partitionNo = partitionNo;
    this.pipeline = pipeline;
    this.attempt = attempt;
    this.logFile = logFile;
  }

  /** Opens the partition's log file (appending) with a header naming the attempt and the JVM. */
  synchronized void begin(WorkerProcess worker) {
    this.worker = worker;
    try {
      Files.createDirectories(logFile.getParent());
      file =
          Files.newBufferedWriter(
              logFile,
              StandardCharsets.UTF_8,
              StandardOpenOption.CREATE,
              StandardOpenOption.APPEND);
      file.write("=== attempt " + attempt + ", worker JVM " + worker.pid() + ", " + Instant.now());
      file.newLine();
      file.flush();
    } catch (IOException e) {
      log.warn("Cannot write the worker log {}: {}", logFile, e.toString());
      file = null;
    }
  }

  /** Undoes {@link #begin} for a worker JVM that could not take the attempt. */
  synchronized void unbegin() {
    closeFile();
    worker = null;
  }

  /** A line of the worker's output while it runs this attempt. */
  synchronized void output(String line) {
    if (!line.isBlank()) {
      lastLine = line.strip();
    }
    if (file != null) {
      try {
        file.write(line);
        file.newLine();
        file.flush();
      } catch (IOException e) {
        // the log file is a convenience; the server log has every line
        closeFile();
      }
    }
  }

  /**
   * Records the end once; later calls (the JVM exiting after it reported the end) change nothing.
   */
  synchronized void ended(End how) {
    if (!end.isDone()) {
      closeFile();
      end.complete(how);
    }
  }

  private void closeFile() {
    if (file != null) {
      try {
        file.close();
      } catch (IOException ignored) {
        // see output()
      }
      file = null;
    }
  }

  boolean isOver() {
    return end.isDone();
  }

  /** How it ended; only once {@link #isOver()}. */
  End end() {
    return end.join();
  }

  CompletableFuture<End> whenOver() {
    return end;
  }

  long runId() {
    return runId;
  }

  int partitionNo() {
    return partitionNo;
  }

  String pipeline() {
    return pipeline;
  }

  int attempt() {
    return attempt;
  }

  Path logFile() {
    return logFile;
  }

  String lastLine() {
    return lastLine;
  }

  void requestStop() {
    stopRequested = true;
  }

  boolean stopRequested() {
    return stopRequested;
  }

  /** The worker JVM's pid. */
  long pid() {
    WorkerProcess w = worker;
    return w == null ? -1 : w.pid();
  }
}
