package dev.darkroom.web.security;

import java.util.Optional;
import org.jspecify.annotations.Nullable;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * {@code darkroom.security.*}: the admin account, whether the API description is public, and the
 * Content-Security-Policy.
 *
 * @param adminUser the admin's user name. Env: {@code DARKROOM_ADMIN_USER}.
 * @param adminPassword the admin's password; when set it replaces the stored one at start-up, when
 *     blank and none is stored one is generated and printed once. Env: {@code
 *     DARKROOM_ADMIN_PASSWORD}.
 * @param publicApiDocs whether {@code /v3/api-docs} and {@code /swagger-ui} need no sign-in. They
 *     describe the API of an open-source project, the same for every installation, and every call
 *     they describe still needs a token; set false to hide them behind the VIEWER role anyway.
 * @param contentSecurityPolicy the {@code Content-Security-Policy} header of every response.
 */
@ConfigurationProperties("darkroom.security")
public record DarkroomSecurityProperties(
    @DefaultValue("admin") String adminUser,
    @Nullable String adminPassword,
    @DefaultValue("true") boolean publicApiDocs,
    @DefaultValue(DEFAULT_CSP) String contentSecurityPolicy) {

  /**
   * Only this origin: scripts from files (htmx from /webjars, no inline scripts, no eval),
   * stylesheets from files, and style attributes (computed widths of progress bars) but no {@code
   * <style>} elements; images also as data: URIs (the API UI's icons); no framing.
   */
  public static final String DEFAULT_CSP =
      "default-src 'self'; script-src 'self'; style-src 'self'; style-src-elem 'self';"
          + " style-src-attr 'unsafe-inline'; img-src 'self' data:; font-src 'self';"
          + " connect-src 'self'; object-src 'none'; base-uri 'self'; form-action 'self';"
          + " frame-ancestors 'none'";

  public DarkroomSecurityProperties {
    if (adminUser.isBlank()) {
      throw new IllegalArgumentException(
          "darkroom.security.admin-user (DARKROOM_ADMIN_USER) must not be blank");
    }
    if (adminPassword != null && adminPassword.isBlank()) {
      adminPassword = null;
    }
  }

  /** Never prints the password: records' generated toString would, in any log of this value. */
  @Override
  public String toString() {
    return "DarkroomSecurityProperties[adminUser="
        + adminUser
        + ", adminPassword="
        + (adminPassword == null ? "(none)" : "(set)")
        + ", publicApiDocs="
        + publicApiDocs
        + "]";
  }

  /** The configured admin password, if any (blank counts as none). */
  public Optional<String> configuredAdminPassword() {
    return Optional.ofNullable(adminPassword);
  }
}
