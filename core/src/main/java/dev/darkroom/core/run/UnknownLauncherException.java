package dev.darkroom.core.run;

import java.util.Collection;

/** A run asked for a launcher this server does not offer (unknown, or not configured). */
public class UnknownLauncherException extends InvalidRunRequestException {

  public UnknownLauncherException(String name, Collection<String> offered) {
    super(
        "unknown launcher '"
            + name
            + "': this server offers "
            + String.join(", ", offered)
            + " (see darkroom.launcher.* in the configuration)");
  }
}
