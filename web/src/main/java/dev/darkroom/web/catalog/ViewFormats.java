package dev.darkroom.web.catalog;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Locale;
import org.jspecify.annotations.Nullable;
import org.springframework.stereotype.Component;

/**
 * Formatting for the catalog pages, available in templates as {@code ${@fmt.bytes(n)}}. Times are
 * shown in UTC, as the catalog stores capture times (docs/query-language.md explains why).
 */
@Component("fmt")
public class ViewFormats {

  private static final DateTimeFormatter TIME =
      DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss 'UTC'", Locale.ROOT)
          .withZone(ZoneOffset.UTC);
  private static final String[] UNITS = {"B", "KB", "MB", "GB", "TB"};

  /** {@code 1.5 MB (1,500,000 bytes)} style, decimal units like the query language's. */
  public String bytes(@Nullable Long bytes) {
    if (bytes == null) {
      return "";
    }
    double value = bytes;
    int unit = 0;
    while (value >= 1000 && unit < UNITS.length - 1) {
      value /= 1000;
      unit++;
    }
    String shown =
        unit == 0 ? bytes + " B" : String.format(Locale.ROOT, "%.1f %s", value, UNITS[unit]);
    return unit == 0 ? shown : shown + String.format(Locale.ROOT, " (%,d bytes)", bytes);
  }

  public String time(@Nullable Instant instant) {
    return instant == null ? "" : TIME.format(instant);
  }
}
