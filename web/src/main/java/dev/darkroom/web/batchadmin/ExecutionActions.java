package dev.darkroom.web.batchadmin;

import org.jspecify.annotations.Nullable;

/**
 * Which actions the execution allows right now, each with the reason when it does not. The same
 * rules refuse the action itself ({@link ActionRules}), so a button shown is an action that works.
 */
public record ExecutionActions(Availability stop, Availability restart, Availability abandon) {

  /** Whether one action is possible; {@code reason} says why not, or what it will do. */
  public record Availability(boolean possible, @Nullable String reason) {

    public static Availability yes(@Nullable String note) {
      return new Availability(true, note);
    }

    public static Availability no(String reason) {
      return new Availability(false, reason);
    }
  }
}
