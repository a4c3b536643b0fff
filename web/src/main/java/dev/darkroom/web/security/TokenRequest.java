package dev.darkroom.web.security;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import java.time.Instant;
import org.jspecify.annotations.Nullable;

/**
 * {@code POST /api/tokens}: {@code {"name": "cli on my laptop", "role": "OPERATOR", "expiresAt":
 * "2027-01-01T00:00:00Z"}}; {@code expiresAt} may be left out for a token that never expires.
 */
public record TokenRequest(
    @NotBlank @Size(max = ApiTokens.MAX_NAME_LENGTH) String name,
    @NotNull ApiTokenRole role,
    @Nullable Instant expiresAt) {}
