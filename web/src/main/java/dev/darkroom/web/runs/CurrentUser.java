package dev.darkroom.web.runs;

import java.security.Principal;
import org.jspecify.annotations.Nullable;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;

/** Who is asking, for {@code run.requested_by}. */
public final class CurrentUser {

  static final String ANONYMOUS = "anonymous";

  private CurrentUser() {}

  public static String name(@Nullable Principal principal) {
    if (principal != null) {
      return principal.getName();
    }
    Authentication authentication = SecurityContextHolder.getContext().getAuthentication();
    return authentication == null || authentication.getName() == null
        ? ANONYMOUS
        : authentication.getName();
  }
}
