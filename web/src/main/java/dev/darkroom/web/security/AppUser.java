package dev.darkroom.web.security;

import java.time.Instant;

/**
 * A person who signs in to the dashboard (today only the admin).
 *
 * @param passwordHash the DelegatingPasswordEncoder hash, e.g. {@code {bcrypt}$2a$10$...}
 */
public record AppUser(
    long id,
    String username,
    String passwordHash,
    PasswordSource passwordSource,
    Role role,
    Instant createdAt,
    Instant passwordChangedAt) {

  /** Where the current password came from. */
  public enum PasswordSource {
    /** Generated at first start and printed once. */
    GENERATED,
    /** {@code darkroom.security.admin-password} / {@code DARKROOM_ADMIN_PASSWORD}. */
    CONFIGURED
  }

  @Override
  public String toString() {
    return "AppUser[id=" + id + ", username=" + username + ", role=" + role + "]";
  }
}
