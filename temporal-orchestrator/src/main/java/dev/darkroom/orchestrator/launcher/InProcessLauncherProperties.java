package dev.darkroom.orchestrator.launcher;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * {@code darkroom.launcher.in-process.*}.
 *
 * @param threads partitions that may run at once in this JVM; a launch beyond that is refused and
 *     retried by the orchestrator ({@code DARKROOM_LAUNCHER_IN_PROCESS_THREADS}, default 4)
 * @param startTimeout how long a launch waits for the job execution to exist (default 30s)
 */
@ConfigurationProperties("darkroom.launcher.in-process")
public record InProcessLauncherProperties(
    @DefaultValue("4") int threads, @DefaultValue("30s") Duration startTimeout) {

  public InProcessLauncherProperties {
    if (threads < 1) {
      throw new IllegalArgumentException(
          "darkroom.launcher.in-process.threads must be at least 1: " + threads);
    }
  }
}
