package dev.darkroom.core.run;

import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * The final state of one unit, as a chunk commits it.
 *
 * @param error the reason for FAILED, or why a unit was SKIPPED; null for DONE
 * @param attempts how many times the unit's tools were tried in this chunk (retries included)
 */
public record UnitUpdate(String unitKey, UnitStatus status, @Nullable String error, int attempts) {

  public UnitUpdate {
    Objects.requireNonNull(unitKey, "unitKey");
    if (!status.finished()) {
      throw new IllegalArgumentException("a unit update finishes a unit, not " + status);
    }
    if (status == UnitStatus.FAILED && error == null) {
      throw new IllegalArgumentException("a failed unit needs a reason: " + unitKey);
    }
  }

  public static UnitUpdate done(String unitKey, int attempts) {
    return new UnitUpdate(unitKey, UnitStatus.DONE, null, attempts);
  }

  public static UnitUpdate failed(String unitKey, String error, int attempts) {
    return new UnitUpdate(unitKey, UnitStatus.FAILED, error, attempts);
  }

  public static UnitUpdate skipped(String unitKey, String reason, int attempts) {
    return new UnitUpdate(unitKey, UnitStatus.SKIPPED, reason, attempts);
  }
}
