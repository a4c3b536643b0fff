package dev.darkroom.web.security;

import java.time.Instant;
import org.jspecify.annotations.Nullable;

/**
 * An API token as the REST API shows it. {@code token}, the secret, is present only in the answer
 * to the POST that created it.
 */
public record TokenView(
    long id,
    String name,
    String prefix,
    ApiTokenRole role,
    ApiToken.State state,
    @Nullable String createdBy,
    Instant createdAt,
    @Nullable Instant lastUsedAt,
    @Nullable Instant expiresAt,
    @Nullable Instant revokedAt,
    @Nullable String token) {

  static TokenView of(ApiToken t, Instant now) {
    return new TokenView(
        t.id(),
        t.name(),
        t.prefix(),
        t.role(),
        t.state(now),
        t.createdBy(),
        t.createdAt(),
        t.lastUsedAt(),
        t.expiresAt(),
        t.revokedAt(),
        null);
  }

  static TokenView created(NewApiToken created, Instant now) {
    TokenView view = of(created.token(), now);
    return new TokenView(
        view.id,
        view.name,
        view.prefix,
        view.role,
        view.state,
        view.createdBy,
        view.createdAt,
        view.lastUsedAt,
        view.expiresAt,
        view.revokedAt,
        created.secret());
  }
}
