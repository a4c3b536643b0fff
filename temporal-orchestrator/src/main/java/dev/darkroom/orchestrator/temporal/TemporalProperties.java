package dev.darkroom.orchestrator.temporal;

import java.nio.file.Path;
import java.time.Duration;
import org.jspecify.annotations.Nullable;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * {@code darkroom.temporal.*}: which Temporal server to use and how. Every property has an
 * environment-variable form by Spring's relaxed binding: {@code DARKROOM_TEMPORAL_TARGET}, {@code
 * DARKROOM_TEMPORAL_NAMESPACE}, {@code DARKROOM_TEMPORAL_CLI_PATH}, {@code DARKROOM_TEMPORAL_UI},
 * {@code DARKROOM_TEMPORAL_UI_PORT}, {@code DARKROOM_TEMPORAL_UI_URL}, {@code
 * DARKROOM_TEMPORAL_STARTUP_TIMEOUT}, {@code DARKROOM_TEMPORAL_TASK_QUEUE}, {@code
 * DARKROOM_TEMPORAL_CALL_TIMEOUT}. See {@code docs/temporal.md}.
 *
 * @param target {@code host:port} of a Temporal frontend; unset or blank means embedded (the CLI
 *     dev server when {@code temporal} is found, else the in-process test server)
 * @param namespace the namespace workflows run in; the dev server creates it at start
 * @param cliPath the {@code temporal} binary; unset means {@code temporal} on {@code PATH}
 * @param ui whether the dev server serves its Web UI (the dashboard links to it)
 * @param uiPort the dev server's Web UI port on 127.0.0.1; unset means a free port
 * @param uiUrl the Temporal Web UI the dashboard links runs to, e.g. {@code
 *     https://temporal.example.org}; unset means the dev server's own UI when Darkroom started one,
 *     else no links
 * @param startupTimeout how long the dev server may take until its frontend answers
 * @param taskQueue the task queue Darkroom's workers poll; the one definition of its name
 * @param callTimeout how long starting, pausing, resuming or cancelling a run may wait for Temporal
 *     before it is refused as unavailable (the client would otherwise retry for a minute)
 */
@ConfigurationProperties("darkroom.temporal")
public record TemporalProperties(
    @Nullable String target,
    @DefaultValue("default") String namespace,
    @Nullable Path cliPath,
    @DefaultValue("true") boolean ui,
    @Nullable Integer uiPort,
    @Nullable String uiUrl,
    @DefaultValue("60s") Duration startupTimeout,
    @DefaultValue(TemporalProperties.DEFAULT_TASK_QUEUE) String taskQueue,
    @DefaultValue("5s") Duration callTimeout) {

  public static final String DEFAULT_TASK_QUEUE = "darkroom-runs";

  /** Whether a remote server is configured. */
  public boolean hasTarget() {
    return target != null && !target.isBlank();
  }
}
