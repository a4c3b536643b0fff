package dev.darkroom.batch.sample;

import java.time.LocalDateTime;
import org.jspecify.annotations.Nullable;

/**
 * The EXIF written into a sample JPEG.
 *
 * @param captureTime DateTimeOriginal; EXIF has no zone, so neither has this
 * @param make IFD0 Make, e.g. {@code Canon}
 * @param model IFD0 Model, e.g. {@code Canon EOS 5D Mark IV}
 * @param lensModel Exif LensModel, or null when the file has none
 * @param gps where the picture was taken, or null when the file has no GPS directory
 * @param orientation IFD0 Orientation (1 = upright, 6 = rotate 90° clockwise to display, 8 = rotate
 *     90° counter-clockwise to display)
 */
public record SampleExif(
    LocalDateTime captureTime,
    String make,
    String model,
    @Nullable String lensModel,
    @Nullable GpsPosition gps,
    int orientation) {

  /** A position in decimal degrees, north and east positive. */
  public record GpsPosition(double latitude, double longitude) {}

  /** Whether a viewer must swap width and height to show the image upright. */
  public boolean swapsDimensions() {
    return orientation >= 5 && orientation <= 8;
  }
}
