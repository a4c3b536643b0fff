package dev.darkroom.web.security;

/** The role an API token carries. Tokens never manage tokens, so there is no ADMIN token. */
public enum ApiTokenRole {
  VIEWER(Role.VIEWER),
  OPERATOR(Role.OPERATOR);

  private final Role role;

  ApiTokenRole(Role role) {
    this.role = role;
  }

  public Role role() {
    return role;
  }
}
