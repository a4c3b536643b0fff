package dev.darkroom.web.security;

import jakarta.servlet.http.HttpServletResponse;
import java.security.Principal;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;
import org.jspecify.annotations.Nullable;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/**
 * The account page: who is signed in, and the API tokens (create, shown once; list; revoke). Admin
 * only, by the access rules.
 */
@Controller
class AccountController {

  static final String VIEW = "security/account";
  static final String REDIRECT = "redirect:/account";

  /** Expiry choices offered by the form, in days; empty means never. */
  static final List<Integer> EXPIRY_DAYS = List.of(7, 30, 90, 365);

  private static final DateTimeFormatter TIME =
      DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm 'UTC'", Locale.ROOT).withZone(ZoneOffset.UTC);

  private final ApiTokens tokens;
  private final AppUserRepository users;

  AccountController(ApiTokens tokens, AppUserRepository users) {
    this.tokens = tokens;
    this.users = users;
  }

  /** A token as a row of the page's table. */
  record TokenRow(
      long id,
      String name,
      String prefix,
      String role,
      String state,
      String created,
      String lastUsed,
      String expires,
      boolean revocable) {}

  @GetMapping("/account")
  String account(Principal principal, Model model) {
    Instant now = Instant.now();
    users
        .findByUsername(principal.getName())
        .ifPresent(
            user -> {
              model.addAttribute("user", user);
              model.addAttribute("passwordChanged", TIME.format(user.passwordChangedAt()));
            });
    model.addAttribute("roles", ApiTokenRole.values());
    model.addAttribute("expiryDays", EXPIRY_DAYS);
    model.addAttribute("tokens", tokens.list().stream().map(t -> row(t, now)).toList());
    return VIEW;
  }

  @PostMapping("/account/tokens")
  String create(
      @RequestParam(defaultValue = "") String name,
      @RequestParam(defaultValue = "") String role,
      @RequestParam(defaultValue = "") String expiresInDays,
      Principal principal,
      Model model,
      RedirectAttributes redirect,
      HttpServletResponse response) {
    try {
      NewApiToken created =
          tokens.create(name, role(role), expiry(expiresInDays), principal.getName());
      // A flash attribute: the secret is shown by the next page view and then gone.
      redirect.addFlashAttribute("created", created);
      return REDIRECT;
    } catch (InvalidApiTokenRequestException e) {
      response.setStatus(HttpStatus.BAD_REQUEST.value());
      model.addAttribute("error", e.getMessage());
      model.addAttribute("name", name);
      return account(principal, model);
    }
  }

  @PostMapping("/account/tokens/{id}/revoke")
  String revoke(@PathVariable long id, RedirectAttributes redirect) {
    ApiToken revoked = tokens.revoke(id);
    redirect.addFlashAttribute("message", "Token '" + revoked.name() + "' revoked.");
    return REDIRECT;
  }

  /** Revoking a token that is not there (any more): back to the list, saying so. */
  @ExceptionHandler(UnknownApiTokenException.class)
  String unknownToken(UnknownApiTokenException e, RedirectAttributes redirect) {
    redirect.addFlashAttribute("error", e.getMessage());
    return REDIRECT;
  }

  private static ApiTokenRole role(String role) {
    try {
      return ApiTokenRole.valueOf(role);
    } catch (IllegalArgumentException e) {
      throw new InvalidApiTokenRequestException(
          "Choose the token's role: VIEWER (reads) or OPERATOR (also launches, cancels, restarts)");
    }
  }

  private static @Nullable Instant expiry(String days) {
    if (days.isBlank()) {
      return null;
    }
    try {
      int n = Integer.parseInt(days);
      if (n < 1) {
        throw new NumberFormatException();
      }
      return Instant.now().plus(Duration.ofDays(n));
    } catch (NumberFormatException e) {
      throw new InvalidApiTokenRequestException(
          "Expiry is a number of days (1 or more), or empty for never; was '" + days + "'");
    }
  }

  private static TokenRow row(ApiToken token, Instant now) {
    ApiToken.State state = token.state(now);
    return new TokenRow(
        token.id(),
        token.name(),
        token.prefix() + "…",
        token.role().name(),
        state.name(),
        TIME.format(token.createdAt()),
        token.lastUsedAt() == null ? "never" : TIME.format(token.lastUsedAt()),
        token.expiresAt() == null ? "never" : TIME.format(token.expiresAt()),
        state != ApiToken.State.REVOKED);
  }
}
