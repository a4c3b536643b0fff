package dev.darkroom.batch.tools.metadata;

import com.drew.imaging.ImageMetadataReader;
import com.drew.imaging.ImageProcessingException;
import com.drew.lang.GeoLocation;
import com.drew.metadata.Directory;
import com.drew.metadata.Metadata;
import com.drew.metadata.bmp.BmpHeaderDirectory;
import com.drew.metadata.exif.ExifDirectoryBase;
import com.drew.metadata.exif.ExifIFD0Directory;
import com.drew.metadata.exif.ExifSubIFDDirectory;
import com.drew.metadata.exif.GpsDirectory;
import com.drew.metadata.file.FileTypeDirectory;
import com.drew.metadata.gif.GifHeaderDirectory;
import com.drew.metadata.jpeg.JpegDirectory;
import com.drew.metadata.png.PngDirectory;
import com.drew.metadata.webp.WebpDirectory;
import dev.darkroom.batch.tools.metadata.ImageMetadata.GpsPosition;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.time.DateTimeException;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * Maps metadata-extractor's directories to an {@link ImageMetadata}. Every value is read on its
 * own: one that is missing, malformed or out of range becomes null plus a warning, never a failure,
 * so a damaged EXIF block costs only what is damaged.
 */
final class ImageMetadataExtractor {

  private static final DateTimeFormatter EXIF_DATE_TIME =
      DateTimeFormatter.ofPattern("uuuu:MM:dd HH:mm:ss");

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
          new int[] {WebpDirectory.TAG_IMAGE_WIDTH, WebpDirectory.TAG_IMAGE_HEIGHT});

  private final List<String> warnings = new ArrayList<>();
  private final Metadata metadata;

  private ImageMetadataExtractor(Metadata metadata) {
    this.metadata = metadata;
  }

  /**
   * @throws ImageProcessingException if the format is not recognised or cannot be parsed at all
   */
  static ImageMetadata extract(byte[] bytes) throws ImageProcessingException, IOException {
    Metadata metadata = ImageMetadataReader.readMetadata(new ByteArrayInputStream(bytes));
    return new ImageMetadataExtractor(metadata).read();
  }

  private ImageMetadata read() {
    for (Directory directory : metadata.getDirectories()) {
      for (String error : directory.getErrors()) {
        warnings.add(directory.getName() + ": " + error);
      }
    }
    ExifIFD0Directory ifd0 = metadata.getFirstDirectoryOfType(ExifIFD0Directory.class);
    ExifSubIFDDirectory exif = metadata.getFirstDirectoryOfType(ExifSubIFDDirectory.class);

    LocalDateTime captureTime = null;
    ZoneOffset captureOffset = null;
    String original = string(exif, ExifDirectoryBase.TAG_DATETIME_ORIGINAL);
    if (original != null) {
      captureTime = dateTime(original, "DateTimeOriginal");
      captureOffset = offset(string(exif, ExifDirectoryBase.TAG_TIME_ZONE_ORIGINAL));
    }
    if (captureTime == null) {
      String modified = string(ifd0, ExifDirectoryBase.TAG_DATETIME);
      if (modified != null) {
        captureTime = dateTime(modified, "DateTime");
        captureOffset = offset(string(exif, ExifDirectoryBase.TAG_TIME_ZONE));
      }
    }
    if (captureTime == null) {
      captureOffset = null;
    }
    int[] size = size();
    return new ImageMetadata(
        format(),
        size == null ? null : size[0],
        size == null ? null : size[1],
        captureTime,
        captureOffset,
        string(ifd0, ExifDirectoryBase.TAG_MAKE),
        string(ifd0, ExifDirectoryBase.TAG_MODEL),
        string(exif, ExifDirectoryBase.TAG_LENS_MODEL),
        gps(),
        orientation(ifd0),
        warnings);
  }

  private String format() {
    FileTypeDirectory type = metadata.getFirstDirectoryOfType(FileTypeDirectory.class);
    String name = string(type, FileTypeDirectory.TAG_DETECTED_FILE_TYPE_NAME);
    return name == null ? "unknown" : name;
  }

  private int @Nullable [] size() {
    for (Directory directory : metadata.getDirectories()) {
      int[] tags = SIZE_TAGS.get(directory.getClass());
      if (tags != null) {
        Integer width = directory.getInteger(tags[0]);
        Integer height = directory.getInteger(tags[1]);
        if (width != null && height != null && width > 0 && height > 0) {
          return new int[] {width, height};
        }
      }
    }
    return null;
  }

  private @Nullable GpsPosition gps() {
    GpsDirectory directory = metadata.getFirstDirectoryOfType(GpsDirectory.class);
    if (directory == null) {
      return null;
    }
    GeoLocation location = directory.getGeoLocation();
    if (location == null) {
      warnings.add("GPS: the position is incomplete or malformed; ignored");
      return null;
    }
    double latitude = location.getLatitude();
    double longitude = location.getLongitude();
    if (location.isZero()) {
      warnings.add("GPS: position 0,0 (written without a satellite fix); ignored");
      return null;
    }
    if (!(Math.abs(latitude) <= 90 && Math.abs(longitude) <= 180)) {
      warnings.add("GPS: position " + location + " is out of range; ignored");
      return null;
    }
    return new GpsPosition(latitude, longitude);
  }

  private @Nullable Integer orientation(@Nullable Directory ifd0) {
    if (ifd0 == null || !ifd0.containsTag(ExifDirectoryBase.TAG_ORIENTATION)) {
      return null;
    }
    Integer orientation = ifd0.getInteger(ExifDirectoryBase.TAG_ORIENTATION);
    if (orientation == null || orientation < 1 || orientation > 8) {
      warnings.add(
          "Orientation: "
              + ifd0.getString(ExifDirectoryBase.TAG_ORIENTATION)
              + " is not 1..8; ignored");
      return null;
    }
    return orientation;
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
