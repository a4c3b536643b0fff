package dev.darkroom.web.security;

import java.security.Principal;

/**
 * Who a bearer request acts as. Its name, {@code token:<token name>}, is what {@code
 * Authentication.getName()} returns, so a run started with a token records which one.
 */
public record ApiTokenPrincipal(long tokenId, String tokenName, ApiTokenRole role)
    implements Principal {

  public static final String NAME_PREFIX = "token:";

  @Override
  public String getName() {
    return NAME_PREFIX + tokenName;
  }
}
