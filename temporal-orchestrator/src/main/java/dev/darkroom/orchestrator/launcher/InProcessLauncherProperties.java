package dev.darkroom.orchestrator.launcher;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * {@code darkroom.launcher.in-process.*}.
 *
 * @param threads partitions that may run at once in this JVM; a launch beyond that is refused and
 *     retried by the orchestrator ({@code DARKROOM_LAUNCHER_IN_PROCESS_THREADS}, default 0: one per
 *     core, as a partition keeps one core busy)
 * @param startTimeout how long a launch waits for the job execution to exist (default 30s)
 */
@ConfigurationProperties("darkroom.launcher.in-process")
public record InProcessLauncherProperties(
    @DefaultValue("0") int threads, @DefaultValue("30s") Duration startTimeout) {

  public InProcessLauncherProperties {
    if (threads < 0) {
      throw new IllegalArgumentException(
          "darkroom.launcher.in-process.threads must be 0 (one per core) or more: " + threads);
    }
    if (threads == 0) {
      threads = Runtime.getRuntime().availableProcessors();
    }
  }
}
