package dev.darkroom.web.security;

import dev.darkroom.web.security.InvalidApiTokenException.Reason;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import org.jspecify.annotations.Nullable;
import org.springframework.stereotype.Service;

/**
 * API tokens: created with a role and an optional expiry, shown once, stored as SHA-256, revocable.
 *
 * <p>A token is {@code drk_} followed by 32 random bytes in URL-safe Base64 (43 characters): the
 * prefix makes a leaked token recognisable to secret scanners and people; 256 random bits make
 * guessing hopeless, which is also why a fast hash (SHA-256) is enough here where a password needs
 * bcrypt.
 */
@Service
public class ApiTokens {

  public static final String PREFIX = "drk_";
  static final int SECRET_BYTES = 32;
  static final int TOKEN_LENGTH = PREFIX.length() + 43;

  /** Characters of the token kept in clear to tell tokens apart: the prefix and 6 more. */
  static final int SHOWN_LENGTH = PREFIX.length() + 6;

  /** {@code last_used_at} is written at most this often per token. */
  static final Duration TOUCH_INTERVAL = Duration.ofMinutes(1);

  static final int MAX_NAME_LENGTH = 100;

  private static final SecureRandom RANDOM = new SecureRandom();

  private final ApiTokenRepository tokens;
  private final Clock clock = Clock.systemUTC();

  public ApiTokens(ApiTokenRepository tokens) {
    this.tokens = tokens;
  }

  /**
   * Creates a token.
   *
   * @param createdBy the user name of the creator, if a user created it
   * @param expiresAt null for a token that does not expire; otherwise in the future
   * @throws InvalidApiTokenRequestException for a blank or over-long name or a past expiry
   */
  public NewApiToken create(
      String name, ApiTokenRole role, @Nullable Instant expiresAt, @Nullable String createdBy) {
    String trimmed = name.strip();
    if (trimmed.isEmpty()) {
      throw new InvalidApiTokenRequestException(
          "A token needs a name that says who uses it, e.g. 'cli on my laptop'");
    }
    if (trimmed.length() > MAX_NAME_LENGTH) {
      throw new InvalidApiTokenRequestException(
          "A token name has at most "
              + MAX_NAME_LENGTH
              + " characters; this one has "
              + trimmed.length());
    }
    Instant now = clock.instant();
    if (expiresAt != null && !expiresAt.isAfter(now)) {
      throw new InvalidApiTokenRequestException(
          "expiresAt must be in the future (now is " + now + "), or left out for no expiry");
    }
    String secret = newSecret();
    long id =
        tokens.insert(
            trimmed, sha256(secret), secret.substring(0, SHOWN_LENGTH), role, createdBy, expiresAt);
    return new NewApiToken(get(id), secret);
  }

  public List<ApiToken> list() {
    return tokens.list();
  }

  public ApiToken get(long id) {
    return tokens.find(id).orElseThrow(() -> new UnknownApiTokenException(id));
  }

  /** Revokes a token; it stops working at once. Revoking a revoked token changes nothing. */
  public ApiToken revoke(long id) {
    if (!tokens.revoke(id, clock.instant())) {
      throw new UnknownApiTokenException(id);
    }
    return get(id);
  }

  /**
   * The token a bearer secret stands for, if it may be used now; records the use.
   *
   * @throws InvalidApiTokenException for a malformed, unknown, expired or revoked token
   */
  public ApiToken authenticate(String secret) {
    if (secret.length() != TOKEN_LENGTH || !secret.startsWith(PREFIX)) {
      throw new InvalidApiTokenException(
          Reason.UNKNOWN,
          "This is not a Darkroom API token (they look like "
              + PREFIX
              + "... with 43 more characters); create one on /account or with POST /api/tokens");
    }
    ApiToken token =
        tokens
            .findBySha256(sha256(secret))
            .orElseThrow(
                () ->
                    new InvalidApiTokenException(
                        Reason.UNKNOWN,
                        "Unknown API token; it may have been mistyped or come from another"
                            + " Darkroom installation. Create one on /account"));
    Instant now = clock.instant();
    switch (token.state(now)) {
      case REVOKED:
        throw new InvalidApiTokenException(
            Reason.REVOKED,
            "API token '"
                + token.name()
                + "' was revoked at "
                + token.revokedAt()
                + "; create a new one on /account");
      case EXPIRED:
        throw new InvalidApiTokenException(
            Reason.EXPIRED,
            "API token '"
                + token.name()
                + "' expired at "
                + token.expiresAt()
                + "; create a new one on /account");
      case ACTIVE:
      default:
        break;
    }
    if (token.lastUsedAt() == null || token.lastUsedAt().isBefore(now.minus(TOUCH_INTERVAL))) {
      tokens.touch(token.id(), now, TOUCH_INTERVAL);
    }
    return token;
  }

  static String newSecret() {
    byte[] bytes = new byte[SECRET_BYTES];
    RANDOM.nextBytes(bytes);
    return PREFIX + Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
  }

  static String sha256(String secret) {
    try {
      return HexFormat.of()
          .formatHex(
              MessageDigest.getInstance("SHA-256").digest(secret.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every Java runtime has SHA-256", e);
    }
  }
}
