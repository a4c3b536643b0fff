package dev.darkroom.web.security;

import jakarta.servlet.DispatcherType;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.annotation.Order;
import org.springframework.security.access.hierarchicalroles.RoleHierarchy;
import org.springframework.security.access.hierarchicalroles.RoleHierarchyImpl;
import org.springframework.security.authentication.ProviderManager;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.annotation.web.configurers.HeadersConfigurer;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.crypto.factory.PasswordEncoderFactories;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.context.SecurityContextHolderFilter;
import org.springframework.security.web.firewall.RequestRejectedHandler;
import org.springframework.security.web.header.writers.ContentSecurityPolicyHeaderWriter;
import org.springframework.security.web.header.writers.DelegatingRequestMatcherHeaderWriter;
import org.springframework.security.web.header.writers.ReferrerPolicyHeaderWriter.ReferrerPolicy;
import org.springframework.security.web.savedrequest.NullRequestCache;
import org.springframework.security.web.servlet.util.matcher.PathPatternRequestMatcher;
import org.springframework.security.web.util.matcher.NegatedRequestMatcher;
import org.springframework.security.web.util.matcher.RequestMatcher;

/**
 * Spring Security for the server: two filter chains with the same {@link AccessRules}.
 *
 * <ul>
 *   <li><b>machine</b> ({@code /api/**}, {@code /actuator/**}): a bearer API token or the browser's
 *       session; 401/403 as problem JSON, never a redirect; no session is created; CSRF is checked
 *       for session requests only (a browser never sends a bearer header by itself, so bearer
 *       requests cannot be forged cross-site).
 *   <li><b>pages</b> (everything else): form login at {@code /login}, logout, CSRF on every
 *       state-changing request (hidden field in forms, {@code X-CSRF-TOKEN} header from htmx).
 * </ul>
 *
 * Both send the same security headers: a Content-Security-Policy from {@code
 * darkroom.security.content-security-policy}, {@code X-Content-Type-Options: nosniff}, {@code
 * X-Frame-Options: DENY}, {@code Referrer-Policy: same-origin} and no-store caching.
 *
 * <p>The filter chains exist only in a servlet web application; the accounts and tokens (and so the
 * password encoder) exist in every context, the main job's plain one included.
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(DarkroomSecurityProperties.class)
public class SecurityConfiguration {

  /**
   * The policy of the API UI's pages ({@code /swagger-ui/**}): the default plus inline styles,
   * which Swagger UI injects as {@code <style>} elements. Still no inline scripts, no eval.
   */
  static final String API_UI_CSP =
      DarkroomSecurityProperties.DEFAULT_CSP
          .replace("style-src 'self';", "style-src 'self' 'unsafe-inline';")
          .replace("style-src-elem 'self';", "style-src-elem 'self' 'unsafe-inline';");

  /** The path patterns of the machine chain. */
  static final String[] MACHINE_PATHS = {"/api/**", "/actuator/**"};

  /**
   * Error, async (SSE, streaming) and forward dispatches belong to a request that was authorized
   * already; authorizing them again would turn a 404 or a finished stream into a 401.
   */
  private static final DispatcherType[] INNER_DISPATCHES = {
    DispatcherType.ERROR, DispatcherType.ASYNC, DispatcherType.FORWARD
  };

  @Bean
  PasswordEncoder passwordEncoder() {
    // bcrypt today, stored as {bcrypt}...; older hashes keep working and are upgraded at login.
    return PasswordEncoderFactories.createDelegatingPasswordEncoder();
  }

  /** The HTTP side. */
  @Configuration(proxyBeanMethods = false)
  @ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
  static class FilterChains {

    @Bean
    static RoleHierarchy roleHierarchy() {
      return RoleHierarchyImpl.withDefaultRolePrefix()
          .role(Role.ADMIN.name())
          .implies(Role.OPERATOR.name())
          .role(Role.OPERATOR.name())
          .implies(Role.VIEWER.name())
          .build();
    }

    /**
     * A request the firewall refuses (path traversal, encoded slashes, odd characters) is a 400
     * problem detail, not a bare 500 with a stack trace in the log.
     */
    @Bean
    static RequestRejectedHandler requestRejectedHandler() {
      return new ProblemRequestRejectedHandler();
    }

    @Bean
    AccessRules accessRules(DarkroomSecurityProperties properties, RoleHierarchy roleHierarchy) {
      return new AccessRules(properties.publicApiDocs(), roleHierarchy);
    }

    @Bean
    @Order(1)
    SecurityFilterChain machineChain(
        HttpSecurity http,
        AccessRules rules,
        ApiTokens tokens,
        DarkroomSecurityProperties properties)
        throws Exception {
      ApiAuthenticationEntryPoint entryPoint = new ApiAuthenticationEntryPoint();
      ApiTokenAuthenticationFilter bearer =
          new ApiTokenAuthenticationFilter(
              new ProviderManager(new ApiTokenAuthenticationProvider(tokens)), entryPoint);
      return http.securityMatcher(MACHINE_PATHS)
          .authorizeHttpRequests(
              authorize ->
                  authorize
                      .dispatcherTypeMatchers(INNER_DISPATCHES)
                      .permitAll()
                      .anyRequest()
                      .access(rules))
          .addFilterAfter(bearer, SecurityContextHolderFilter.class)
          .csrf(
              csrf ->
                  csrf.csrfTokenRequestHandler(new MalformedCsrfTolerantHandler())
                      .ignoringRequestMatchers(ApiTokenAuthenticationFilter.BEARER_REQUEST))
          .sessionManagement(session -> session.sessionCreationPolicy(SessionCreationPolicy.NEVER))
          .requestCache(cache -> cache.requestCache(new NullRequestCache()))
          .exceptionHandling(
              exceptions ->
                  exceptions
                      .authenticationEntryPoint(entryPoint)
                      .accessDeniedHandler(new ApiAccessDeniedHandler(rules, entryPoint)))
          .logout(logout -> logout.disable())
          .headers(headers -> headers(headers, properties))
          .build();
    }

    @Bean
    @Order(2)
    SecurityFilterChain pageChain(
        HttpSecurity http, AccessRules rules, DarkroomSecurityProperties properties)
        throws Exception {
      WebAuthenticationEntryPoint entryPoint = new WebAuthenticationEntryPoint();
      return http.authorizeHttpRequests(
              authorize ->
                  authorize
                      .dispatcherTypeMatchers(INNER_DISPATCHES)
                      .permitAll()
                      .anyRequest()
                      .access(rules))
          .formLogin(
              login ->
                  login
                      .loginPage(WebAuthenticationEntryPoint.LOGIN)
                      .defaultSuccessUrl("/", false)
                      .failureUrl(WebAuthenticationEntryPoint.LOGIN + "?error"))
          .logout(logout -> logout.logoutSuccessUrl(WebAuthenticationEntryPoint.LOGIN + "?logout"))
          .csrf(csrf -> csrf.csrfTokenRequestHandler(new MalformedCsrfTolerantHandler()))
          .exceptionHandling(
              exceptions ->
                  exceptions
                      .authenticationEntryPoint(entryPoint)
                      .accessDeniedHandler(new WebAccessDeniedHandler(entryPoint)))
          .headers(headers -> headers(headers, properties))
          .build();
    }

    private static void headers(
        HeadersConfigurer<HttpSecurity> headers, DarkroomSecurityProperties properties) {
      RequestMatcher apiUi = PathPatternRequestMatcher.withDefaults().matcher("/swagger-ui/**");
      headers
          // The API UI (Swagger UI) injects <style> elements; only its own pages allow them.
          .addHeaderWriter(
              new DelegatingRequestMatcherHeaderWriter(
                  apiUi, new ContentSecurityPolicyHeaderWriter(API_UI_CSP)))
          .addHeaderWriter(
              new DelegatingRequestMatcherHeaderWriter(
                  new NegatedRequestMatcher(apiUi),
                  new ContentSecurityPolicyHeaderWriter(properties.contentSecurityPolicy())))
          .frameOptions(frame -> frame.deny())
          .referrerPolicy(referrer -> referrer.policy(ReferrerPolicy.SAME_ORIGIN));
    }
  }
}
