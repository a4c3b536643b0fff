package dev.darkroom.batch.tools.video;

import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * Reads the ISO 6709 position strings QuickTime and MP4 files carry ({@code ©xyz} and {@code
 * com.apple.quicktime.location.ISO6709}), e.g. {@code +48.8584+002.2945+035.000/}: latitude and
 * longitude in decimal degrees, an optional altitude in metres. The degree-minute forms ISO 6709
 * also allows ({@code +4851.50+00217.67/}) are not written by cameras or phones and are refused.
 */
public final class Iso6709 {

  private static final Pattern DECIMAL =
      Pattern.compile("([+-]\\d{2}(?:\\.\\d+)?)([+-]\\d{3}(?:\\.\\d+)?)([+-]\\d+(?:\\.\\d+)?)?/?");

  private Iso6709() {}

  /** A position; {@code altitude} is null when the string has none. */
  public record Position(double latitude, double longitude, @Nullable Double altitude) {}

  /** The position, or empty when the text is not a decimal ISO 6709 point or out of range. */
  static Optional<Position> parse(@Nullable String text) {
    if (text == null) {
      return Optional.empty();
    }
    Matcher m = DECIMAL.matcher(text.strip());
    if (!m.matches()) {
      return Optional.empty();
    }
    double latitude = Double.parseDouble(m.group(1));
    double longitude = Double.parseDouble(m.group(2));
    Double altitude = m.group(3) == null ? null : Double.parseDouble(m.group(3));
    if (Math.abs(latitude) > 90 || Math.abs(longitude) > 180) {
      return Optional.empty();
    }
    if (latitude == 0 && longitude == 0) {
      return Optional.empty(); // written without a fix, as cameras do for EXIF GPS
    }
    return Optional.of(new Position(latitude, longitude, altitude));
  }
}
