package dev.darkroom.orchestrator.temporal;

import java.time.Duration;
import org.jspecify.annotations.Nullable;

/**
 * Temporal cannot be reached right now (the dev server is restarting, a remote frontend is down):
 * nothing was started or changed. Try again shortly; the API answers 503 with {@code Retry-After}.
 */
public class TemporalUnavailableException extends RuntimeException {

  /** How long a client should wait before trying again: about one dev-server restart. */
  public static final Duration RETRY_AFTER = Duration.ofSeconds(5);

  public TemporalUnavailableException(String what, String target, @Nullable Throwable cause) {
    super(
        "Temporal is not reachable at "
            + target
            + ", so the run could not be "
            + what
            + "; nothing was changed. Try again in a few seconds (an embedded Temporal server is"
            + " restarted automatically)",
        cause);
  }
}
