package dev.darkroom.web.security;

import java.time.Instant;
import org.jspecify.annotations.Nullable;

/**
 * An API token as stored: everything but the secret, which exists only in the client's hands.
 *
 * @param prefix the token's first characters, e.g. {@code drk_Ab3x9Q}, to tell tokens apart
 * @param createdBy the user who created it; null once that account is gone
 * @param lastUsedAt the last authenticated request, to within a minute; null if never used
 * @param expiresAt null: never expires
 * @param revokedAt null: not revoked
 */
public record ApiToken(
    long id,
    String name,
    String prefix,
    ApiTokenRole role,
    @Nullable String createdBy,
    Instant createdAt,
    @Nullable Instant lastUsedAt,
    @Nullable Instant expiresAt,
    @Nullable Instant revokedAt) {

  /** Whether a token can be used at {@code now}. */
  public enum State {
    ACTIVE,
    EXPIRED,
    REVOKED
  }

  public State state(Instant now) {
    if (revokedAt != null) {
      return State.REVOKED;
    }
    if (expiresAt != null && !now.isBefore(expiresAt)) {
      return State.EXPIRED;
    }
    return State.ACTIVE;
  }
}
