package dev.darkroom.orchestrator.launcher.process;

import java.io.BufferedReader;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

/**
 * One worker JVM and the thread that copies its output, line by line, to the server log (with the
 * run and partition in the MDC, as for in-process partitions) and to the partition's log file.
 */
final class WorkerProcess {

  private static final Logger log = LoggerFactory.getLogger("dev.darkroom.worker");

  private final Process process;
  private final long runId;
  private final int partitionNo;
  private final String pipeline;
  private final Path logFile;
  private final CountDownLatch outputDone = new CountDownLatch(1);
  private volatile String lastLine = "";
  private volatile boolean stopRequested;

  private WorkerProcess(
      Process process, long runId, int partitionNo, String pipeline, Path logFile) {
    this.process = process;
    this.runId = runId;
    this.partitionNo = partitionNo;
    this.pipeline = pipeline;
    this.logFile = logFile;
  }

  static WorkerProcess start(
      Process process, long runId, int partitionNo, String pipeline, int attempt, Path logFile) {
    WorkerProcess child = new WorkerProcess(process, runId, partitionNo, pipeline, logFile);
    Thread pump = new Thread(() -> child.copyOutput(attempt), "worker-" + process.pid() + "-log");
    pump.setDaemon(true);
    pump.start();
    return child;
  }

  private void copyOutput(int attempt) {
    MDC.put("runId", Long.toString(runId));
    MDC.put("partition", Integer.toString(partitionNo));
    @Nullable BufferedWriter file = openLog(attempt);
    try (BufferedReader lines =
        new BufferedReader(
            new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
      String line;
      while ((line = lines.readLine()) != null) {
        if (!line.isBlank()) {
          lastLine = line.strip();
        }
        log.info("[worker {}] {}", process.pid(), line);
        if (file != null) {
          file.write(line);
          file.newLine();
          file.flush();
        }
      }
    } catch (IOException e) {
      log.debug("Output of worker JVM {} ended: {}", process.pid(), e.toString());
    } finally {
      if (file != null) {
        try {
          file.close();
        } catch (IOException ignored) {
          // the log file is a convenience; the server log has every line
        }
      }
      MDC.clear();
      outputDone.countDown();
    }
  }

  private @Nullable BufferedWriter openLog(int attempt) {
    try {
      Files.createDirectories(logFile.getParent());
      BufferedWriter writer =
          Files.newBufferedWriter(
              logFile,
              StandardCharsets.UTF_8,
              StandardOpenOption.CREATE,
              StandardOpenOption.APPEND);
      writer.write(
          "=== attempt " + attempt + ", worker JVM " + process.pid() + ", " + Instant.now());
      writer.newLine();
      return writer;
    } catch (IOException e) {
      log.warn("Cannot write the worker log {}: {}", logFile, e.toString());
      return null;
    }
  }

  Process process() {
    return process;
  }

  long pid() {
    return process.pid();
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

  Path logFile() {
    return logFile;
  }

  boolean alive() {
    return process.isAlive();
  }

  /** The exit code, 128 + the signal for a child killed by one. */
  int exitCode() {
    return process.exitValue();
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

  /** Waits until the child's output is copied to its end (it has exited). */
  void awaitOutput(Duration timeout) {
    try {
      outputDone.await(timeout.toMillis(), TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
