package dev.darkroom.batch.tools.metadata;

import com.adobe.internal.xmp.XMPDateTime;
import com.adobe.internal.xmp.XMPException;
import com.adobe.internal.xmp.XMPMeta;
import com.drew.imaging.ImageMetadataReader;
import com.drew.imaging.ImageProcessingException;
import com.drew.lang.GeoLocation;
import com.drew.metadata.Directory;
import com.drew.metadata.Metadata;
import com.drew.metadata.bmp.BmpHeaderDirectory;
import com.drew.metadata.exif.ExifDirectoryBase;
import com.drew.metadata.exif.ExifIFD0Directory;
import com.drew.metadata.exif.ExifImageDirectory;
import com.drew.metadata.exif.ExifSubIFDDirectory;
import com.drew.metadata.exif.GpsDirectory;
import com.drew.metadata.file.FileTypeDirectory;
import com.drew.metadata.gif.GifHeaderDirectory;
import com.drew.metadata.heif.HeifDirectory;
import com.drew.metadata.jpeg.JpegDirectory;
import com.drew.metadata.png.PngDirectory;
import com.drew.metadata.webp.WebpDirectory;
import com.drew.metadata.xmp.XmpDirectory;
import dev.darkroom.batch.tools.metadata.ImageMetadata.GpsPosition;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * Maps metadata-extractor's directories (EXIF, XMP, format headers) to an {@link ImageMetadata}.
 * Every value is read on its own: one that is missing, malformed or out of range becomes null plus
 * a warning, never a failure, so a damaged EXIF block costs only what is damaged.
 *
 * <p>The capture time is the first of, in the order exiftool users rely on: EXIF DateTimeOriginal
 * (with OffsetTimeOriginal and SubSecTimeOriginal), EXIF CreateDate (DateTimeDigitized, with its
 * offset and sub-seconds), XMP {@code photoshop:DateCreated}, XMP {@code exif:DateTimeOriginal},
 * XMP {@code xmp:CreateDate}, the QuickTime dates of an ISO base media file (Apple's creation date,
 * then the movie header's), the maker notes' capture dates (Olympus DateTimeUTC, Reconyx
 * DateTimeOriginal), the GPS date and time stamp (UTC), EXIF ModifyDate (IFD0 DateTime), and only
 * then, when the caller knows it, the file's modification time (named {@code File:FileModifyDate},
 * in UTC, with a warning: it is often the day of a copy, not of the picture); see {@link
 * LaterCaptureSources} and ADR 0035 for why ModifyDate comes after those. The one used is named in
 * {@code captureTimeSource}. Orientation, camera, lens and GPS come from EXIF, else from XMP.
 */
final class ImageMetadataExtractor {

  private static final DateTimeFormatter EXIF_DATE_TIME =
      DateTimeFormatter.ofPattern("uuuu:MM:dd HH:mm:ss");

  private static final int TAG_DATETIME_DIGITIZED = 0x9004;
  private static final int TAG_OFFSET_TIME = 0x9010;
  private static final int TAG_OFFSET_TIME_ORIGINAL = 0x9011;
  private static final int TAG_OFFSET_TIME_DIGITIZED = 0x9012;
  private static final int TAG_SUBSEC_TIME = 0x9290;
  private static final int TAG_SUBSEC_TIME_ORIGINAL = 0x9291;
  private static final int TAG_SUBSEC_TIME_DIGITIZED = 0x9292;
  private static final int TAG_NEW_SUBFILE_TYPE = 0x00FE;

  static final String NS_PHOTOSHOP = "http://ns.adobe.com/photoshop/1.0/";
  static final String NS_XMP = "http://ns.adobe.com/xap/1.0/";
  static final String NS_EXIF = "http://ns.adobe.com/exif/1.0/";
  static final String NS_TIFF = "http://ns.adobe.com/tiff/1.0/";
  static final String NS_AUX = "http://ns.adobe.com/exif/1.0/aux/";
  static final String NS_EXIF_EX = "http://cipa.jp/exif/1.0/";

  /** XMP GPS coordinates: "DDD,MM.mmmk" or "DDD,MM,SSk" (XMP specification part 2). */
  private static final Pattern XMP_COORDINATE =
      Pattern.compile("(\\d+),(\\d+(?:\\.\\d+)?)(?:,(\\d+(?:\\.\\d+)?))?([NSEW])");

  /** Directories holding the real pixel size, by format, in the order they are trusted. */
  private static final Map<Class<? extends Directory>, int[]> SIZE_TAGS =
      Map.of(
          JpegDirectory.class,
          new int[] {JpegDirectory.TAG_IMAGE_WIDTH, JpegDirectory.TAG_IMAGE_HEIGHT},
          PngDirectory.class,
          new int[] {PngDirectory.TAG_IMAGE_WIDTH, PngDirectory.TAG_IMAGE_HEIGHT},
          GifHeaderDirectory.class,
          new int[] {GifHeaderDirectory.TAG_IMAGE_WIDTH, GifHeaderDirectory.TAG_IMAGE_HEIGHT},
          BmpHeaderDirectory.class,
          new int[] {BmpHeaderDirectory.TAG_IMAGE_WIDTH, BmpHeaderDirectory.TAG_IMAGE_HEIGHT},
          WebpDirectory.class,
          new int[] {WebpDirectory.TAG_IMAGE_WIDTH, WebpDirectory.TAG_IMAGE_HEIGHT},
          HeifDirectory.class,
          new int[] {HeifDirectory.TAG_IMAGE_WIDTH, HeifDirectory.TAG_IMAGE_HEIGHT});

  private final List<String> warnings = new ArrayList<>();
  private final Metadata metadata;
  private final @Nullable ExifIFD0Directory ifd0;
  private final @Nullable ExifSubIFDDirectory exif;
  private final @Nullable XMPMeta xmp;

  private final @Nullable Instant fileModified;
  private final byte[] bytes;

  private ImageMetadataExtractor(Metadata metadata, byte[] bytes, @Nullable Instant fileModified) {
    this.metadata = metadata;
    this.bytes = bytes;
    this.fileModified = fileModified;
    this.ifd0 = metadata.getFirstDirectoryOfType(ExifIFD0Directory.class);
    this.exif = metadata.getFirstDirectoryOfType(ExifSubIFDDirectory.class);
    XmpDirectory xmpDirectory = metadata.getFirstDirectoryOfType(XmpDirectory.class);
    this.xmp = xmpDirectory == null ? null : xmpDirectory.getXMPMeta();
  }

  /**
   * @throws ImageProcessingException if the format is not recognised or cannot be parsed at all
   */
  static ImageMetadata extract(byte[] bytes) throws ImageProcessingException, IOException {
    return extract(bytes, null);
  }

  /**
   * @param fileModified the file's modification time, the capture time of last resort; null when
   *     unknown
   * @throws ImageProcessingException if the format is not recognised or cannot be parsed at all
   */
  static ImageMetadata extract(byte[] bytes, @Nullable Instant fileModified)
      throws ImageProcessingException, IOException {
    Metadata metadata = ImageMetadataReader.readMetadata(new ByteArrayInputStream(bytes));
    return new ImageMetadataExtractor(metadata, bytes, fileModified).read();
  }

  /** Names the file's modification time when it stands in for a capture time. */
  static final String FILE_MODIFY_DATE = "File:FileModifyDate";

  private ImageMetadata read() {
    for (Directory directory : metadata.getDirectories()) {
      for (String error : directory.getErrors()) {
        warnings.add(directory.getName() + ": " + error);
      }
    }
    Capture capture = capture();
    int[] size = size();
    return new ImageMetadata(
        format(),
        size == null ? null : size[0],
        size == null ? null : size[1],
        capture == null ? null : capture.time(),
        capture == null ? null : capture.offset(),
        capture == null ? null : capture.source(),
        firstNonNull(string(ifd0, ExifDirectoryBase.TAG_MAKE), xmpString(NS_TIFF, "Make")),
        firstNonNull(string(ifd0, ExifDirectoryBase.TAG_MODEL), xmpString(NS_TIFF, "Model")),
        firstNonNull(
            string(exif, ExifDirectoryBase.TAG_LENS_MODEL),
            xmpString(NS_EXIF_EX, "LensModel"),
            xmpString(NS_AUX, "Lens")),
        gps(),
        orientation(),
        warnings);
  }

  private @Nullable Capture capture() {
    Capture found =
        exifCapture(
            ExifDirectoryBase.TAG_DATETIME_ORIGINAL,
            TAG_OFFSET_TIME_ORIGINAL,
            TAG_SUBSEC_TIME_ORIGINAL,
            exif,
            "EXIF:DateTimeOriginal");
    if (found == null) {
      found =
          exifCapture(
              TAG_DATETIME_DIGITIZED,
              TAG_OFFSET_TIME_DIGITIZED,
              TAG_SUBSEC_TIME_DIGITIZED,
              exif,
              "EXIF:CreateDate");
    }
    if (found == null) {
      found = xmpCapture(NS_PHOTOSHOP, "DateCreated", "XMP:photoshop:DateCreated");
    }
    if (found == null) {
      found = xmpCapture(NS_EXIF, "DateTimeOriginal", "XMP:exif:DateTimeOriginal");
    }
    if (found == null) {
      found = xmpCapture(NS_XMP, "CreateDate", "XMP:xmp:CreateDate");
    }
    if (found == null) {
      found = LaterCaptureSources.quickTime(metadata, bytes, warnings);
    }
    if (found == null) {
      found = LaterCaptureSources.makerNote(metadata, warnings);
    }
    if (found == null) {
      found = LaterCaptureSources.gps(metadata, warnings);
    }
    if (found == null) {
      found =
          exifCapture(
              ExifDirectoryBase.TAG_DATETIME,
              TAG_OFFSET_TIME,
              TAG_SUBSEC_TIME,
              ifd0,
              "EXIF:ModifyDate");
    }
    if (found == null && fileModified != null) {
      warnings.add(
          "no capture time in the metadata; the file's modification time is used, which may be"
              + " when the file was copied rather than when the picture was taken");
      found =
          new Capture(
              LocalDateTime.ofInstant(fileModified, ZoneOffset.UTC),
              ZoneOffset.UTC,
              FILE_MODIFY_DATE);
    }
    return found;
  }

  /** OffsetTime* and SubSecTime* live in the Exif SubIFD whatever directory holds the date. */
  private @Nullable Capture exifCapture(
      int dateTag, int offsetTag, int subsecTag, @Nullable Directory directory, String source) {
    String value = string(directory, dateTag);
    if (value == null) {
      return null;
    }
    LocalDateTime time = dateTime(value, source);
    if (time == null) {
      return null;
    }
    String subsec = string(exif, subsecTag);
    if (subsec != null && subsec.matches("\\d{1,9}")) {
      time = time.withNano(Integer.parseInt((subsec + "000000000").substring(0, 9)));
    }
    return new Capture(time, offset(string(exif, offsetTag)), source);
  }

  private @Nullable Capture xmpCapture(String namespace, String property, String source) {
    if (xmp == null || !xmp.doesPropertyExist(namespace, property)) {
      return null;
    }
    try {
      XMPDateTime date = xmp.getPropertyDate(namespace, property);
      if (date == null || !date.hasDate() || date.getYear() == 0) {
        return null;
      }
      LocalDateTime time =
          LocalDateTime.of(
              date.getYear(),
              Math.max(1, date.getMonth()),
              Math.max(1, date.getDay()),
              date.hasTime() ? date.getHour() : 0,
              date.hasTime() ? date.getMinute() : 0,
              date.hasTime() ? date.getSecond() : 0,
              date.hasTime() ? date.getNanoSecond() : 0);
      if (!date.hasTime()) {
        warnings.add(source + ": a date without a time of day; midnight assumed");
      }
      ZoneOffset offset =
          date.hasTime() && date.hasTimeZone()
              ? ZoneOffset.ofTotalSeconds(date.getTimeZone().getRawOffset() / 1000)
              : null;
      return new Capture(time, offset, source);
    } catch (XMPException | RuntimeException e) { // DateTimeException: day 31 of a 30-day month
      warnings.add(source + ": '" + xmpString(namespace, property) + "' is not a date; ignored");
      return null;
    }
  }

  private String format() {
    FileTypeDirectory type = metadata.getFirstDirectoryOfType(FileTypeDirectory.class);
    String name = string(type, FileTypeDirectory.TAG_DETECTED_FILE_TYPE_NAME);
    return name == null ? "unknown" : name;
  }

  private int @Nullable [] size() {
    if (metadata.getFirstDirectoryOfType(HeifDirectory.class) != null) {
      int[] primary = HeifPrimaryImageSize.of(bytes);
      if (primary != null) {
        return primary;
      }
    }
    for (Directory directory : metadata.getDirectories()) {
      int[] tags = SIZE_TAGS.get(directory.getClass());
      if (tags != null) {
        int[] size = positive(directory, tags[0], tags[1]);
        if (size != null) {
          return size;
        }
      }
    }
    return tiffSize();
  }

  /**
   * TIFF and TIFF-structured RAW: the largest full-resolution image (NewSubfileType 0 or unset) of
   * IFD0, the SubIFDs and further IFDs; for RAW that is the sensor image, not a preview.
   */
  private int @Nullable [] tiffSize() {
    int[] best = null;
    List<Directory> candidates = new ArrayList<>();
    candidates.addAll(metadata.getDirectoriesOfType(ExifIFD0Directory.class));
    candidates.addAll(metadata.getDirectoriesOfType(ExifSubIFDDirectory.class));
    candidates.addAll(metadata.getDirectoriesOfType(ExifImageDirectory.class));
    for (Directory directory : candidates) {
      Integer subfile = directory.getInteger(TAG_NEW_SUBFILE_TYPE);
      if (subfile != null && subfile != 0) {
        continue;
      }
      int[] size =
          positive(
              directory, ExifDirectoryBase.TAG_IMAGE_WIDTH, ExifDirectoryBase.TAG_IMAGE_HEIGHT);
      if (size != null && (best == null || (long) size[0] * size[1] > (long) best[0] * best[1])) {
        best = size;
      }
    }
    return best;
  }

  private static int @Nullable [] positive(Directory directory, int widthTag, int heightTag) {
    Integer width = directory.getInteger(widthTag);
    Integer height = directory.getInteger(heightTag);
    return width != null && height != null && width > 0 && height > 0
        ? new int[] {width, height}
        : null;
  }

  private @Nullable GpsPosition gps() {
    GpsDirectory directory = metadata.getFirstDirectoryOfType(GpsDirectory.class);
    if (directory == null) {
      return xmpGps();
    }
    GeoLocation location = directory.getGeoLocation();
    if (location == null && !directory.containsTag(GpsDirectory.TAG_LATITUDE)) {
      return xmpGps(); // only the GPS clock, say: no position to complain about
    }
    if (location == null) {
      warnings.add("GPS: the position is incomplete or malformed; ignored");
      return xmpGps();
    }
    return checked(location.getLatitude(), location.getLongitude());
  }

  private @Nullable GpsPosition xmpGps() {
    String latitude = xmpString(NS_EXIF, "GPSLatitude");
    String longitude = xmpString(NS_EXIF, "GPSLongitude");
    if (latitude == null || longitude == null) {
      return null;
    }
    Double lat = xmpCoordinate(latitude);
    Double lon = xmpCoordinate(longitude);
    if (lat == null || lon == null) {
      warnings.add("XMP GPS: '" + latitude + "', '" + longitude + "' is malformed; ignored");
      return null;
    }
    return checked(lat, lon);
  }

  private static @Nullable Double xmpCoordinate(String value) {
    Matcher m = XMP_COORDINATE.matcher(value.strip());
    if (!m.matches()) {
      return null;
    }
    double degrees =
        Integer.parseInt(m.group(1))
            + Double.parseDouble(m.group(2)) / 60
            + (m.group(3) == null ? 0 : Double.parseDouble(m.group(3)) / 3600);
    return m.group(4).equals("S") || m.group(4).equals("W") ? -degrees : degrees;
  }

  private @Nullable GpsPosition checked(double latitude, double longitude) {
    if (latitude == 0 && longitude == 0) {
      warnings.add("GPS: position 0,0 (written without a satellite fix); ignored");
      return null;
    }
    if (!(Math.abs(latitude) <= 90 && Math.abs(longitude) <= 180)) {
      warnings.add("GPS: position " + latitude + ", " + longitude + " is out of range; ignored");
      return null;
    }
    return new GpsPosition(latitude, longitude);
  }

  /** IFD0 Orientation, else XMP tiff:Orientation (some editors write only the latter). */
  private @Nullable Integer orientation() {
    String value = null;
    String source = null;
    if (ifd0 != null && ifd0.containsTag(ExifDirectoryBase.TAG_ORIENTATION)) {
      value = ifd0.getString(ExifDirectoryBase.TAG_ORIENTATION);
      source = "Orientation";
    } else if (xmpString(NS_TIFF, "Orientation") != null) {
      value = xmpString(NS_TIFF, "Orientation");
      source = "XMP tiff:Orientation";
    }
    if (value == null) {
      return null;
    }
    try {
      int orientation = Integer.parseInt(value.strip());
      if (orientation >= 1 && orientation <= 8) {
        return orientation;
      }
    } catch (NumberFormatException e) {
      // reported below
    }
    warnings.add(source + ": " + value + " is not 1..8; ignored");
    return null;
  }

  private @Nullable LocalDateTime dateTime(String value, String tag) {
    try {
      return LocalDateTime.parse(value.strip(), EXIF_DATE_TIME);
    } catch (DateTimeParseException e) {
      // Cameras without a set clock write "0000:00:00 00:00:00" or blanks.
      warnings.add(tag + ": '" + value + "' is not a date and time; ignored");
      return null;
    }
  }

  private @Nullable ZoneOffset offset(@Nullable String value) {
    if (value == null) {
      return null;
    }
    try {
      return ZoneOffset.of(value.strip());
    } catch (DateTimeException e) {
      warnings.add("time zone offset '" + value + "' is malformed; ignored");
      return null;
    }
  }

  private @Nullable String xmpString(String namespace, String property) {
    if (xmp == null) {
      return null;
    }
    try {
      String value = xmp.getPropertyString(namespace, property);
      return value == null || value.isBlank() ? null : value.strip();
    } catch (XMPException e) {
      return null;
    }
  }

  @SafeVarargs
  private static <T> @Nullable T firstNonNull(@Nullable T... values) {
    for (T value : values) {
      if (value != null) {
        return value;
      }
    }
    return null;
  }

  /** The tag's text, stripped of padding and NULs; null when absent or blank. */
  private static @Nullable String string(@Nullable Directory directory, int tag) {
    if (directory == null) {
      return null;
    }
    String value = directory.getString(tag);
    if (value == null) {
      return null;
    }
    String stripped = value.replace('\0', ' ').strip();
    return stripped.isEmpty() ? null : stripped;
  }
}
