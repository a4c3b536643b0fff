package dev.darkroom.core.asset;

import java.time.OffsetDateTime;
import org.jspecify.annotations.Nullable;

/**
 * What the catalog keeps in typed, queryable columns of {@code asset} about a picture; null means
 * unknown. Validated against the table's checks, so a bad value fails here with its name rather
 * than as a constraint violation that rolls back a whole chunk.
 *
 * @param capturedAt when the picture was taken; when the camera recorded no time zone, the local
 *     clock time at UTC (offset {@code Z}), as photo managers do, so the wall-clock time is kept
 * @param cameraMake e.g. {@code Canon}
 * @param cameraModel e.g. {@code Canon EOS 5D Mark IV}
 * @param lens lens model, e.g. {@code EF24-70mm f/2.8L II USM}
 * @param gpsLatitude decimal degrees, north positive, -90..90; set together with the longitude
 * @param gpsLongitude decimal degrees, east positive, -180..180
 * @param orientation EXIF orientation 1..8
 * @param width stored pixel width (before orientation), positive
 * @param height stored pixel height, positive
 * @param durationMs a video's or sound's duration in milliseconds, not negative
 */
public record AssetMetadata(
    @Nullable OffsetDateTime capturedAt,
    @Nullable String cameraMake,
    @Nullable String cameraModel,
    @Nullable String lens,
    @Nullable Double gpsLatitude,
    @Nullable Double gpsLongitude,
    @Nullable Integer orientation,
    @Nullable Integer width,
    @Nullable Integer height,
    @Nullable Long durationMs) {

  public AssetMetadata {
    if ((gpsLatitude == null) != (gpsLongitude == null)) {
      throw new IllegalArgumentException("GPS latitude and longitude come together");
    }
    if (gpsLatitude != null && !(gpsLatitude >= -90 && gpsLatitude <= 90)) {
      throw new IllegalArgumentException("GPS latitude out of range: " + gpsLatitude);
    }
    if (gpsLongitude != null && !(gpsLongitude >= -180 && gpsLongitude <= 180)) {
      throw new IllegalArgumentException("GPS longitude out of range: " + gpsLongitude);
    }
    if (orientation != null && (orientation < 1 || orientation > 8)) {
      throw new IllegalArgumentException("EXIF orientation out of range: " + orientation);
    }
    if ((width != null && width <= 0) || (height != null && height <= 0)) {
      throw new IllegalArgumentException("dimensions must be positive: " + width + "x" + height);
    }
    if (durationMs != null && durationMs < 0) {
      throw new IllegalArgumentException("duration must not be negative: " + durationMs);
    }
  }

  /** A picture's metadata: no duration. */
  public AssetMetadata(
      @Nullable OffsetDateTime capturedAt,
      @Nullable String cameraMake,
      @Nullable String cameraModel,
      @Nullable String lens,
      @Nullable Double gpsLatitude,
      @Nullable Double gpsLongitude,
      @Nullable Integer orientation,
      @Nullable Integer width,
      @Nullable Integer height) {
    this(
        capturedAt,
        cameraMake,
        cameraModel,
        lens,
        gpsLatitude,
        gpsLongitude,
        orientation,
        width,
        height,
        null);
  }
}
