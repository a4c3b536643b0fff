package dev.darkroom.web.security;

import org.jspecify.annotations.Nullable;
import org.springframework.security.core.userdetails.User;
import org.springframework.security.core.userdetails.UserDetails;
import org.springframework.security.core.userdetails.UserDetailsPasswordService;
import org.springframework.security.core.userdetails.UserDetailsService;
import org.springframework.security.core.userdetails.UsernameNotFoundException;
import org.springframework.stereotype.Service;

/**
 * Form login against {@code app_user}. As a {@link UserDetailsPasswordService} it lets Spring
 * Security re-hash a password whose stored hash is weaker than the encoder's current default.
 */
@Service
class AppUserDetailsService implements UserDetailsService, UserDetailsPasswordService {

  private final AppUserRepository users;

  AppUserDetailsService(AppUserRepository users) {
    this.users = users;
  }

  @Override
  public UserDetails loadUserByUsername(String username) {
    return users
        .findByUsername(username)
        .map(AppUserDetailsService::details)
        .orElseThrow(() -> new UsernameNotFoundException("No user '" + username + "'"));
  }

  @Override
  public UserDetails updatePassword(UserDetails user, @Nullable String newPassword) {
    if (newPassword != null) {
      users.upgradeHash(user.getUsername(), newPassword);
    }
    return User.withUserDetails(user).password(newPassword).build();
  }

  private static UserDetails details(AppUser user) {
    return User.withUsername(user.username())
        .password(user.passwordHash())
        .authorities(user.role().grantedAuthorities())
        .build();
  }
}
