package dev.darkroom.core.events;

import dev.darkroom.core.run.RunStatus;
import java.time.Instant;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * A run moved from one status to another.
 *
 * @param from the status before; null when the run was just created (then {@code to} is PENDING)
 */
public record RunStateChanged(long runId, @Nullable RunStatus from, RunStatus to, Instant at)
    implements RunEvent {

  public RunStateChanged {
    Objects.requireNonNull(to, "to");
    Objects.requireNonNull(at, "at");
  }
}
