package dev.darkroom.web.batchadmin;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import org.jspecify.annotations.Nullable;

/** How the admin pages show times and durations: the server's zone, seconds precision. */
public final class BatchViewFormats {

  private static final DateTimeFormatter TIME =
      DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss").withZone(ZoneId.systemDefault());

  public String time(@Nullable Instant instant) {
    return instant == null ? "–" : TIME.format(instant);
  }

  /**
   * The first line of an exit description (an exception's message, before its stack trace), cut to
   * {@code max} characters: what a table row has room for.
   */
  public String firstLine(@Nullable String text, int max) {
    if (text == null || text.isEmpty()) {
      return "";
    }
    int end = text.indexOf('\n');
    String line = (end < 0 ? text : text.substring(0, end)).strip();
    return line.length() <= max ? line : line.substring(0, max - 1) + "…";
  }

  /** Whether the text has more than its first line. */
  public boolean multiline(@Nullable String text) {
    return text != null && text.strip().indexOf('\n') >= 0;
  }

  /** "850 ms", "12.4 s", "3 min 05 s", "2 h 07 min"; a dash before the start. */
  public String duration(@Nullable Long millis) {
    if (millis == null) {
      return "–";
    }
    if (millis < 1000) {
      return millis + " ms";
    }
    if (millis < 60_000) {
      return String.format(java.util.Locale.ROOT, "%.1f s", millis / 1000.0);
    }
    Duration d = Duration.ofMillis(millis);
    if (d.toHours() == 0) {
      return String.format(
          java.util.Locale.ROOT, "%d min %02d s", d.toMinutes(), d.toSecondsPart());
    }
    return String.format(java.util.Locale.ROOT, "%d h %02d min", d.toHours(), d.toMinutesPart());
  }
}
