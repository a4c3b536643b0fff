package dev.darkroom.core.events;

import java.time.Instant;
import java.util.Objects;

/**
 * A unit failed and its chunk committed.
 *
 * @param reason every failing tool's reason, {@code tool-id: reason; …}, as in {@code
 *     run_unit.error}
 */
public record UnitFailed(long runId, String unitKey, long assetId, String reason, Instant at)
    implements RunEvent {

  public UnitFailed {
    Objects.requireNonNull(unitKey, "unitKey");
    Objects.requireNonNull(reason, "reason");
    Objects.requireNonNull(at, "at");
  }
}
