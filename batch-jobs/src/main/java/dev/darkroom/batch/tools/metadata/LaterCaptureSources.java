package dev.darkroom.batch.tools.metadata;

import com.drew.imaging.quicktime.QuickTimeMetadataReader;
import com.drew.lang.Rational;
import com.drew.metadata.Directory;
import com.drew.metadata.Metadata;
import com.drew.metadata.exif.GpsDirectory;
import com.drew.metadata.exif.makernotes.OlympusCameraSettingsMakernoteDirectory;
import com.drew.metadata.exif.makernotes.ReconyxHyperFireMakernoteDirectory;
import com.drew.metadata.mov.QuickTimeDirectory;
import com.drew.metadata.mov.metadata.QuickTimeMetadataDirectory;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeFormatterBuilder;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoField;
import java.util.Date;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * The capture dates read after EXIF and XMP have none (ADR 0035): the QuickTime dates of an ISO
 * base media file (a HEIF image sequence, a movie), the capture dates some maker notes carry, and
 * the GPS receiver's clock. Each method returns null when its source says nothing, and adds a
 * warning when the source is there but unreadable.
 */
final class LaterCaptureSources {

  static final String QUICKTIME_CREATION_DATE = "QuickTime:com.apple.quicktime.creationdate";
  static final String QUICKTIME_CREATE_DATE = "QuickTime:CreateDate";
  static final String OLYMPUS_DATE_TIME_UTC = "Olympus:DateTimeUTC";
  static final String RECONYX_DATE_TIME_ORIGINAL = "Reconyx:DateTimeOriginal";
  static final String GPS_DATE_TIME = "Composite:GPSDateTime";

  /** Apple's creation date: {@code 2021-06-01T12:20:30+0200} (as {@code video-probe} reads it). */
  private static final DateTimeFormatter APPLE_DATE =
      new DateTimeFormatterBuilder()
          .appendPattern("uuuu-MM-dd'T'HH:mm:ss")
          .optionalStart()
          .appendFraction(ChronoField.NANO_OF_SECOND, 0, 9, true)
          .optionalEnd()
          .optionalStart()
          .appendOffset("+HH:MM", "Z")
          .optionalEnd()
          .optionalStart()
          .appendOffset("+HHMM", "Z")
          .optionalEnd()
          .toFormatter();

  /** QuickTime counts from 1904; a zero there (or the Unix epoch) means "never set". */
  private static final Instant EARLIEST_REAL = Instant.parse("1971-01-01T00:00:00Z");

  /** Six numbers in any padding: Reconyx's "2021: 5: 6 7: 8: 9", Olympus's "2021:05:06 …". */
  private static final Pattern SIX_NUMBERS =
      Pattern.compile(
          "\\s*(\\d{4})\\D+(\\d{1,2})\\D+(\\d{1,2})\\D+(\\d{1,2})\\D+(\\d{1,2})\\D+(\\d{1,2})\\s*");

  private static final DateTimeFormatter GPS_DATE = DateTimeFormatter.ofPattern("uuuu:MM:dd");

  private LaterCaptureSources() {}

  /**
   * Apple's {@code com.apple.quicktime.creationdate} (local time with its offset), else the movie
   * header's creation time ({@code mvhd}, UTC by the QuickTime specification), as exiftool reads
   * them from {@code Keys:CreationDate} and {@code QuickTime:CreateDate}.
   *
   * <p>metadata-extractor reads ISO base media by brand: HEIF and AVIF with its HEIF reader, which
   * ignores the movie box, MP4 with a reader that ignores Apple's keys. Its QuickTime reader reads
   * both from any of them, so every ISO base media file is read with it (once, and only when no
   * earlier source had a date).
   */
  static @Nullable Capture quickTime(Metadata metadata, byte[] bytes, List<String> warnings) {
    Metadata movie;
    try {
      movie = movie(metadata, bytes);
    } catch (RuntimeException e) { // a parser bug on hostile input costs this source only
      warnings.add("QuickTime: the movie boxes cannot be read (" + e.getMessage() + "); ignored");
      return null;
    }
    if (movie == null) {
      return null;
    }
    QuickTimeMetadataDirectory keys =
        movie.getFirstDirectoryOfType(QuickTimeMetadataDirectory.class);
    String creation =
        keys == null ? null : keys.getString(QuickTimeMetadataDirectory.TAG_CREATION_DATE);
    if (creation != null && !creation.isBlank()) {
      try {
        var parsed =
            APPLE_DATE.parseBest(creation.strip(), OffsetDateTime::from, LocalDateTime::from);
        return parsed instanceof OffsetDateTime at
            ? new Capture(at.toLocalDateTime(), at.getOffset(), QUICKTIME_CREATION_DATE)
            : new Capture((LocalDateTime) parsed, null, QUICKTIME_CREATION_DATE);
      } catch (DateTimeParseException e) {
        warnings.add(QUICKTIME_CREATION_DATE + ": '" + creation + "' is not a date; ignored");
      }
    }
    QuickTimeDirectory header = movie.getFirstDirectoryOfType(QuickTimeDirectory.class);
    Date created = header == null ? null : header.getDate(QuickTimeDirectory.TAG_CREATION_TIME);
    if (created != null && created.toInstant().isAfter(EARLIEST_REAL)) {
      return new Capture(
          LocalDateTime.ofInstant(created.toInstant(), ZoneOffset.UTC),
          ZoneOffset.UTC,
          QUICKTIME_CREATE_DATE);
    }
    return null;
  }

  /** The file as metadata-extractor's QuickTime reader sees it; null if it is no such file. */
  private static @Nullable Metadata movie(Metadata metadata, byte[] bytes) {
    if (metadata.containsDirectoryOfType(QuickTimeDirectory.class)) {
      return metadata;
    }
    boolean isoBaseMedia =
        bytes.length >= 12 && new String(bytes, 4, 4, StandardCharsets.ISO_8859_1).equals("ftyp");
    if (!isoBaseMedia) {
      return null;
    }
    // Its errors are about boxes not read here (the HEIF item boxes it does not know), so they
    // are not the user's warnings; the first read's are already listed.
    return QuickTimeMetadataReader.readMetadata(new ByteArrayInputStream(bytes));
  }

  /**
   * Capture dates from the maker notes metadata-extractor decodes that carry one: Olympus/OM System
   * {@code CameraSettings DateTimeUTC} (UTC) and Reconyx HyperFire trail cameras' {@code
   * DateTimeOriginal} (local time). The other makers' notes it decodes hold no capture date.
   */
  static @Nullable Capture makerNote(Metadata metadata, List<String> warnings) {
    Capture olympus =
        sixNumbers(
            metadata.getFirstDirectoryOfType(OlympusCameraSettingsMakernoteDirectory.class),
            OlympusCameraSettingsMakernoteDirectory.TagDateTimeUtc,
            ZoneOffset.UTC,
            OLYMPUS_DATE_TIME_UTC,
            warnings);
    if (olympus != null) {
      return olympus;
    }
    return sixNumbers(
        metadata.getFirstDirectoryOfType(ReconyxHyperFireMakernoteDirectory.class),
        ReconyxHyperFireMakernoteDirectory.TAG_DATE_TIME_ORIGINAL,
        null,
        RECONYX_DATE_TIME_ORIGINAL,
        warnings);
  }

  private static @Nullable Capture sixNumbers(
      @Nullable Directory directory,
      int tag,
      @Nullable ZoneOffset offset,
      String source,
      List<String> warnings) {
    String value = directory == null ? null : directory.getString(tag);
    if (value == null || value.isBlank()) {
      return null;
    }
    Matcher m = SIX_NUMBERS.matcher(value.replace('\0', ' '));
    if (m.matches()) {
      try {
        return new Capture(
            LocalDateTime.of(
                Integer.parseInt(m.group(1)),
                Integer.parseInt(m.group(2)),
                Integer.parseInt(m.group(3)),
                Integer.parseInt(m.group(4)),
                Integer.parseInt(m.group(5)),
                Integer.parseInt(m.group(6))),
            offset,
            source);
      } catch (DateTimeException e) {
        // reported below: "0000:00:00 00:00:00" from an unset clock, or day 31 of a 30-day month
      }
    }
    warnings.add(source + ": '" + value.strip() + "' is not a date and time; ignored");
    return null;
  }

  /**
   * The GPS receiver's clock when the position was fixed: {@code GPSDateStamp} and {@code
   * GPSTimeStamp}, UTC by the EXIF standard (exiftool's {@code Composite:GPSDateTime}).
   */
  static @Nullable Capture gps(Metadata metadata, List<String> warnings) {
    GpsDirectory gps = metadata.getFirstDirectoryOfType(GpsDirectory.class);
    if (gps == null) {
      return null;
    }
    String date = gps.getString(GpsDirectory.TAG_DATE_STAMP);
    Rational[] time = gps.getRationalArray(GpsDirectory.TAG_TIME_STAMP);
    if (date == null || date.isBlank() || time == null) {
      return null; // a date without a time of day is no capture time
    }
    try {
      if (time.length != 3) {
        throw new DateTimeException("three numbers expected");
      }
      double seconds = time[2].doubleValue();
      long nanos = Math.round((seconds - Math.floor(seconds)) * 1e9);
      LocalDateTime at =
          LocalDate.parse(date.replace('\0', ' ').strip(), GPS_DATE)
              .atTime(time[0].intValue(), time[1].intValue(), (int) Math.floor(seconds))
              .plusNanos(nanos);
      return new Capture(at, ZoneOffset.UTC, GPS_DATE_TIME);
    } catch (DateTimeException e) { // DateTimeParseException too
      warnings.add(
          GPS_DATE_TIME
              + ": '"
              + date
              + " "
              + gps.getString(GpsDirectory.TAG_TIME_STAMP)
              + "' is not a date and time; ignored");
      return null;
    }
  }
}
