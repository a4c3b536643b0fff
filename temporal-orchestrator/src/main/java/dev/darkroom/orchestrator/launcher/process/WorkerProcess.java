package dev.darkroom.orchestrator.launcher.process;

import dev.darkroom.core.run.PartitionWorkerCommand;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

/**
 * One worker JVM and the thread that copies its output, line by line, to the server log (with the
 * run and partition of the attempt it runs in the MDC, as for in-process partitions) and to that
 * partition's log file. A one-shot worker ({@code WorkerMain partition ...}) runs one attempt and
 * exits; a long-lived one ({@code WorkerMain serve}) takes attempts one after another on its
 * standard input and reports each end with a {@link PartitionWorkerCommand#endLine} (ADR 0028).
 */
final class WorkerProcess {

  private static final Logger log = LoggerFactory.getLogger("dev.darkroom.worker");

  private final Process process;
  private final boolean longLived;
  private final Map<String, String> settings;
  private final CountDownLatch outputDone = new CountDownLatch(1);
  private volatile @Nullable PartitionAttempt current;
  private volatile long idleSince = System.nanoTime();

  private WorkerProcess(Process process, boolean longLived, Map<String, String> settings) {
    this.process = process;
    this.longLived = longLived;
    this.settings = Map.copyOf(settings);
  }

  /**
   * Starts copying the output of a worker JVM just started for {@code first}: the attempt is
   * current before the first line is read, so no line of it goes unattributed.
   */
  static WorkerProcess start(
      Process process, boolean longLived, Map<String, String> settings, PartitionAttempt first) {
    WorkerProcess worker = new WorkerProcess(process, longLived, settings);
    worker.current = first;
    first.begin(worker);
    Thread pump = new Thread(worker::copyOutput, "worker-" + process.pid() + "-log");
    pump.setDaemon(true);
    pump.start();
    // A JVM that ends mid-attempt (killed, out of memory, refused its arguments) ends the attempt
    // once its last lines are copied, so the attempt's last line is the JVM's last word.
    process
        .onExit()
        .thenRun(
            () -> {
              worker.awaitOutput(Duration.ofSeconds(5));
              PartitionAttempt attempt = worker.current;
              if (attempt != null) {
                attempt.ended(new PartitionAttempt.End(process.exitValue(), true));
              }
            });
    return worker;
  }

  /**
   * Hands a long-lived worker its next attempt: the assignment line on its standard input.
   *
   * @throws IOException if the worker cannot take it (its JVM has just ended)
   */
  void assign(PartitionAttempt attempt, String assignment) throws IOException {
    if (!longLived) {
      throw new IllegalStateException("a one-shot worker JVM runs one partition");
    }
    PartitionAttempt previous = current;
    if (previous != attempt) { // the first attempt of a new JVM is current from its start
      current = attempt;
      attempt.begin(this);
    }
    try {
      OutputStream in = process.getOutputStream();
      in.write((assignment + "\n").getBytes(StandardCharsets.UTF_8));
      in.flush();
    } catch (IOException e) {
      if (previous != attempt) {
        // Not taken: this JVM's end must not end the attempt, which goes to another JVM.
        current = previous;
        attempt.unbegin();
      }
      throw e;
    }
  }

  /** Closes the worker's standard input: a long-lived worker ends its context and exits 0. */
  void retire() {
    try {
      process.getOutputStream().close();
    } catch (IOException e) {
      log.debug("Worker JVM {} had gone already: {}", process.pid(), e.toString());
    }
  }

  private void copyOutput() {
    try (BufferedReader lines =
        new BufferedReader(
            new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
      String line;
      while ((line = lines.readLine()) != null) {
        PartitionAttempt attempt = current;
        if (attempt != null) {
          MDC.put("runId", Long.toString(attempt.runId()));
          MDC.put("partition", Integer.toString(attempt.partitionNo()));
        } else {
          MDC.clear();
        }
        log.info("[worker {}] {}", process.pid(), line);
        int code = longLived ? PartitionWorkerCommand.exitCodeOf(line) : -1;
        if (attempt != null && code >= 0) {
          idleSince = System.nanoTime();
          attempt.output(line);
          attempt.ended(new PartitionAttempt.End(code, false));
        } else if (attempt != null) {
          attempt.output(line);
        }
      }
    } catch (IOException e) {
      log.debug("Output of worker JVM {} ended: {}", process.pid(), e.toString());
    } finally {
      MDC.clear();
      outputDone.countDown();
    }
  }

  Process process() {
    return process;
  }

  long pid() {
    return process.pid();
  }

  boolean alive() {
    return process.isAlive();
  }

  boolean longLived() {
    return longLived;
  }

  Map<String, String> settings() {
    return settings;
  }

  /** Alive, and its current attempt (if any) over: it may take the next partition. */
  boolean idle() {
    PartitionAttempt attempt = current;
    return alive() && (attempt == null || attempt.isOver());
  }

  /** How long it has been {@link #idle()}; zero while it runs a partition. */
  Duration idleFor() {
    return idle() ? Duration.ofNanos(System.nanoTime() - idleSince) : Duration.ZERO;
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
