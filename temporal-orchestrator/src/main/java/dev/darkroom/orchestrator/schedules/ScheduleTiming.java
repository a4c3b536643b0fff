package dev.darkroom.orchestrator.schedules;

import java.time.DateTimeException;
import java.time.Duration;
import java.time.ZoneId;
import org.jspecify.annotations.Nullable;

/**
 * When a schedule fires: a cron expression ({@code 0 2 * * *}, evaluated in the time zone) or a
 * fixed interval, exactly one of them.
 *
 * @param cron five-field cron (minute hour day-of-month month day-of-week), as Temporal reads it;
 *     null when an interval is given
 * @param interval every this long (at least {@link #MIN_INTERVAL}); null when a cron is given
 * @param timeZone an IANA zone id such as {@code Europe/Berlin}; cron fields are local to it
 */
public record ScheduleTiming(@Nullable String cron, @Nullable Duration interval, String timeZone) {

  /** Shorter intervals would start runs faster than any run plans. */
  public static final Duration MIN_INTERVAL = Duration.ofSeconds(5);

  public ScheduleTiming {
    if (cron != null && cron.isBlank()) {
      cron = null;
    }
    if ((cron == null) == (interval == null)) {
      throw new InvalidScheduleException(
          "a schedule needs exactly one of a cron expression (e.g. \"0 2 * * *\") or an interval"
              + " (e.g. 1h)");
    }
    if (cron != null) {
      cron = cron.trim();
      if (cron.split("\\s+").length != 5 && !cron.startsWith("@")) {
        throw new InvalidScheduleException(
            "cron \""
                + cron
                + "\" needs five fields: minute hour day-of-month month day-of-week, e.g."
                + " \"0 2 * * *\" for 02:00 every day");
      }
    }
    if (interval != null && interval.compareTo(MIN_INTERVAL) < 0) {
      throw new InvalidScheduleException(
          "interval must be at least " + MIN_INTERVAL.toSeconds() + "s, was " + interval);
    }
    if (timeZone == null || timeZone.isBlank()) {
      timeZone = "UTC";
    }
    try {
      timeZone = ZoneId.of(timeZone.trim()).getId();
    } catch (DateTimeException e) {
      throw new InvalidScheduleException(
          "time zone \"" + timeZone + "\" is unknown; use an IANA id such as Europe/Berlin or UTC");
    }
  }

  public static ScheduleTiming cron(String cron, String timeZone) {
    return new ScheduleTiming(cron, null, timeZone);
  }

  public static ScheduleTiming every(Duration interval) {
    return new ScheduleTiming(null, interval, "UTC");
  }
}
