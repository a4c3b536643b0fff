package dev.darkroom.web.security;

import jakarta.servlet.http.HttpServletRequest;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;
import org.springframework.security.access.hierarchicalroles.RoleHierarchy;
import org.springframework.security.authorization.AuthorityAuthorizationManager;
import org.springframework.security.authorization.AuthorizationDecision;
import org.springframework.security.authorization.AuthorizationManager;
import org.springframework.security.authorization.AuthorizationResult;
import org.springframework.security.core.Authentication;
import org.springframework.security.web.access.intercept.RequestAuthorizationContext;
import org.springframework.security.web.servlet.util.matcher.PathPatternRequestMatcher;
import org.springframework.security.web.util.matcher.OrRequestMatcher;
import org.springframework.security.web.util.matcher.RequestMatcher;

/**
 * Darkroom's access rules, in one place (the table in docs/security.md):
 *
 * <ol>
 *   <li>public: {@code /login}, static files, {@code /actuator/health}, and the API description
 *       unless {@code darkroom.security.public-api-docs=false};
 *   <li>ADMIN: API tokens ({@code /api/tokens/**}) and the account page ({@code /account/**});
 *   <li>VIEWER: every other GET, HEAD and OPTIONS, pages and API alike;
 *   <li>OPERATOR: everything else, i.e. every request that changes state.
 * </ol>
 *
 * Both filter chains authorize with it, and the 403 problem detail uses it to say which role was
 * missing. Roles include the ones below them (ADMIN &gt; OPERATOR &gt; VIEWER).
 */
final class AccessRules implements AuthorizationManager<RequestAuthorizationContext> {

  private static final Set<String> READ_METHODS = Set.of("GET", "HEAD", "OPTIONS");

  private final RequestMatcher publicPaths;
  private final RequestMatcher adminPaths;
  private final RoleHierarchy roleHierarchy;

  AccessRules(boolean publicApiDocs, RoleHierarchy roleHierarchy) {
    List<String> open =
        new ArrayList<>(
            List.of(
                "/login",
                "/css/**",
                "/js/**",
                "/webjars/**",
                "/favicon.ico",
                "/favicon.svg",
                "/actuator/health",
                "/actuator/health/**"));
    if (publicApiDocs) {
      open.addAll(List.of("/v3/api-docs", "/v3/api-docs/**", "/swagger-ui.html", "/swagger-ui/**"));
    }
    this.publicPaths = matcher(open);
    this.adminPaths = matcher(List.of("/api/tokens", "/api/tokens/**", "/account", "/account/**"));
    this.roleHierarchy = roleHierarchy;
  }

  /** The role a request needs; empty for a public one. */
  Optional<Role> requiredRole(HttpServletRequest request) {
    if (publicPaths.matches(request)) {
      return Optional.empty();
    }
    if (adminPaths.matches(request)) {
      return Optional.of(Role.ADMIN);
    }
    return Optional.of(READ_METHODS.contains(request.getMethod()) ? Role.VIEWER : Role.OPERATOR);
  }

  @Override
  public AuthorizationResult authorize(
      Supplier<? extends @Nullable Authentication> authentication,
      RequestAuthorizationContext context) {
    Optional<Role> role = requiredRole(context.getRequest());
    if (role.isEmpty()) {
      return new AuthorizationDecision(true);
    }
    AuthorityAuthorizationManager<RequestAuthorizationContext> hasRole =
        AuthorityAuthorizationManager.hasRole(role.get().name());
    hasRole.setRoleHierarchy(roleHierarchy);
    return hasRole.authorize(authentication, context);
  }

  private static RequestMatcher matcher(List<String> patterns) {
    PathPatternRequestMatcher.Builder paths = PathPatternRequestMatcher.withDefaults();
    return new OrRequestMatcher(patterns.stream().<RequestMatcher>map(paths::matcher).toList());
  }
}
