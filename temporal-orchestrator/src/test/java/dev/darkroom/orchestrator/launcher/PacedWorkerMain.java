package dev.darkroom.orchestrator.launcher;

import dev.darkroom.batch.worker.WorkerMain;

/**
 * The worker command with the test's {@link PacedTools}: {@code WorkerMain}'s own code and
 * arguments, plus one configuration class, so the tests' worker JVMs know the {@code paced}
 * pipeline. Tests start it through {@code darkroom.launcher.process.main-class} with the test JVM's
 * own class path ({@code java.class.path}: test classes, main classes and every dependency).
 */
public final class PacedWorkerMain {

  private PacedWorkerMain() {}

  public static void main(String[] args) {
    System.exit(WorkerMain.run(args, PacedTools.class));
  }
}
