package dev.darkroom.web.security;

import java.util.Arrays;
import java.util.List;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.core.authority.SimpleGrantedAuthority;

/**
 * Darkroom's roles, each including the ones below it: a VIEWER reads every page and {@code GET
 * /api}; an OPERATOR also changes state (launch, cancel, restart: every POST, PUT, PATCH and
 * DELETE); the ADMIN also manages API tokens.
 */
public enum Role {
  VIEWER,
  OPERATOR,
  ADMIN;

  /** The Spring Security authority, as {@code hasRole(...)} expects it. */
  public String authority() {
    return "ROLE_" + name();
  }

  /** This role and every role it includes, as granted authorities. */
  public List<GrantedAuthority> grantedAuthorities() {
    return Arrays.stream(values())
        .filter(role -> role.ordinal() <= ordinal())
        .<GrantedAuthority>map(role -> new SimpleGrantedAuthority(role.authority()))
        .toList();
  }
}
