package dev.darkroom.web.security;

import dev.darkroom.web.security.AppUser.PasswordSource;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.stereotype.Service;

/**
 * Makes sure the admin account exists and has the right password, once per start:
 *
 * <ul>
 *   <li>a configured password ({@code darkroom.security.admin-password}) wins: it replaces the
 *       stored hash whenever it no longer matches;
 *   <li>without one, a stored password is kept, and nothing is printed;
 *   <li>without either (the first start), a password is generated, stored hashed and returned so
 *       that it can be printed, once.
 * </ul>
 *
 * A changed {@code darkroom.security.admin-user} renames the account; its password stays.
 */
@Service
public class AdminAccount {

  private static final Logger log = LoggerFactory.getLogger(AdminAccount.class);
  private static final SecureRandom RANDOM = new SecureRandom();

  /** 18 random bytes: 144 bits, 24 URL-safe characters. */
  private static final int GENERATED_BYTES = 18;

  private final AppUserRepository users;
  private final PasswordEncoder encoder;
  private final DarkroomSecurityProperties properties;

  public AdminAccount(
      AppUserRepository users, PasswordEncoder encoder, DarkroomSecurityProperties properties) {
    this.users = users;
    this.encoder = encoder;
    this.properties = properties;
  }

  /**
   * Brings the admin account in line with the configuration.
   *
   * @return the generated password when this call created the account with one (print it: it is not
   *     stored anywhere in clear), otherwise empty
   */
  public Optional<String> ensure() {
    String username = properties.adminUser();
    Optional<String> configured = properties.configuredAdminPassword();
    Optional<AppUser> admin = users.findAdmin();
    if (admin.isPresent() && !admin.get().username().equals(username)) {
      users.rename(admin.get().id(), username);
      log.info(
          "Admin account renamed from '{}' to '{}' (darkroom.security.admin-user)",
          admin.get().username(),
          username);
    }
    if (configured.isPresent()) {
      if (admin.isEmpty()) {
        if (users.insertAdminIfAbsent(
            username, encoder.encode(configured.get()), PasswordSource.CONFIGURED)) {
          log.info("Admin account '{}' created with the configured password", username);
          return Optional.empty();
        }
        admin = users.findAdmin();
      }
      AppUser current = admin.orElseThrow();
      if (!encoder.matches(configured.get(), current.passwordHash())) {
        users.setPassword(
            current.id(), encoder.encode(configured.get()), PasswordSource.CONFIGURED);
        log.info(
            "Admin password of '{}' set from the configuration (DARKROOM_ADMIN_PASSWORD)",
            username);
      }
      return Optional.empty();
    }
    if (admin.isPresent()) {
      return Optional.empty();
    }
    String generated = generatePassword();
    // Two servers starting on one empty database: only the insert that won prints.
    return users.insertAdminIfAbsent(username, encoder.encode(generated), PasswordSource.GENERATED)
        ? Optional.of(generated)
        : Optional.empty();
  }

  static String generatePassword() {
    byte[] bytes = new byte[GENERATED_BYTES];
    RANDOM.nextBytes(bytes);
    return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
  }
}
