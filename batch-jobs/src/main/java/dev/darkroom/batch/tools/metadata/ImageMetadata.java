package dev.darkroom.batch.tools.metadata;

import dev.darkroom.core.asset.AssetMetadata;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeFormatterBuilder;
import java.time.temporal.ChronoField;
import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * What the {@code image-metadata} tool found in one image; null means the file does not say. Its
 * JSON form ({@link #toJson()}) is the artifact; {@link #toAssetMetadata()} is what the batch
 * writer copies to the asset's typed columns.
 *
 * @param format the detected file format, e.g. {@code JPEG}, {@code PNG}
 * @param width stored pixel width (before orientation)
 * @param height stored pixel height
 * @param captureTime when the picture was taken, as the camera's clock showed it (sub-seconds
 *     included when recorded); from the first source that has one, see {@code captureTimeSource}
 * @param captureOffset the UTC offset recorded with it (EXIF OffsetTime*, in the XMP or Apple
 *     date), or UTC for sources that are UTC by definition (QuickTime movie header, Olympus
 *     DateTimeUTC, GPS clock)
 * @param captureTimeSource where the capture time was found, e.g. {@code EXIF:DateTimeOriginal},
 *     {@code XMP:photoshop:DateCreated}, {@code QuickTime:CreateDate}, {@code
 *     Composite:GPSDateTime} (the full list and order: docs/tools.md), or {@code
 *     File:FileModifyDate} when nothing in the file records one and its modification time stands in
 *     (then with a warning); null when not even that is known
 * @param cameraMake IFD0 Make, else XMP tiff:Make
 * @param cameraModel IFD0 Model, else XMP tiff:Model
 * @param lens Exif LensModel, else XMP exifEX:LensModel or aux:Lens
 * @param gps GPS position in decimal degrees (EXIF GPS, else XMP exif:GPS*); never (0, 0), which
 *     receivers write without a fix
 * @param orientation IFD0 Orientation, else XMP tiff:Orientation, 1..8
 * @param warnings problems met while reading (corrupt IFDs, values out of range), for the user
 */
public record ImageMetadata(
    String format,
    @Nullable Integer width,
    @Nullable Integer height,
    @Nullable LocalDateTime captureTime,
    @Nullable ZoneOffset captureOffset,
    @Nullable String captureTimeSource,
    @Nullable String cameraMake,
    @Nullable String cameraModel,
    @Nullable String lens,
    @Nullable GpsPosition gps,
    @Nullable Integer orientation,
    List<String> warnings) {

  private static final JsonMapper JSON = JsonMapper.builder().build();

  /**
   * ISO 8601 that always writes the seconds ({@code LocalDateTime.toString()} drops ":00") and
   * writes a fraction only when there is one.
   */
  static final DateTimeFormatter LOCAL_TIME =
      new DateTimeFormatterBuilder()
          .appendPattern("uuuu-MM-dd'T'HH:mm:ss")
          .appendFraction(ChronoField.NANO_OF_SECOND, 0, 9, true)
          .toFormatter();

  /** {@link #LOCAL_TIME} with the offset, {@code Z} for UTC. */
  static final DateTimeFormatter OFFSET_TIME =
      new DateTimeFormatterBuilder().append(LOCAL_TIME).appendOffsetId().toFormatter();

  /** A position in decimal degrees, north and east positive. */
  public record GpsPosition(double latitude, double longitude) {}

  public ImageMetadata {
    warnings = List.copyOf(warnings);
    if ((captureOffset != null || captureTimeSource != null) && captureTime == null) {
      throw new IllegalArgumentException("a capture offset or source without a capture time");
    }
  }

  /** Whether the capture time is an instant (the camera recorded its UTC offset). */
  public boolean timezoneKnown() {
    return captureOffset != null;
  }

  /**
   * The capture time as the catalog stores it: at its recorded offset, or, with no offset, the
   * wall-clock time read as UTC.
   */
  public @Nullable OffsetDateTime capturedAt() {
    if (captureTime == null) {
      return null;
    }
    return captureTime.atOffset(captureOffset != null ? captureOffset : ZoneOffset.UTC);
  }

  public AssetMetadata toAssetMetadata() {
    return new AssetMetadata(
        capturedAt(),
        cameraMake,
        cameraModel,
        lens,
        gps == null ? null : gps.latitude(),
        gps == null ? null : gps.longitude(),
        orientation,
        width,
        height);
  }

  /**
   * The artifact's JSON: every field present (null when unknown), plus {@code timezoneKnown} and
   * {@code capturedAt} spelled out so that readers of the artifact need not know the rule.
   */
  public String toJson() {
    ObjectNode node = JSON.createObjectNode();
    node.put("format", format);
    node.put("width", width);
    node.put("height", height);
    node.put("captureTime", captureTime == null ? null : LOCAL_TIME.format(captureTime));
    node.put("captureOffset", captureOffset == null ? null : captureOffset.getId());
    node.put("captureTimeSource", captureTimeSource);
    node.put("timezoneKnown", timezoneKnown());
    OffsetDateTime capturedAt = capturedAt();
    node.put("capturedAt", capturedAt == null ? null : OFFSET_TIME.format(capturedAt));
    node.put("cameraMake", cameraMake);
    node.put("cameraModel", cameraModel);
    node.put("lens", lens);
    if (gps == null) {
      node.putNull("gps");
    } else {
      node.putObject("gps").put("latitude", gps.latitude()).put("longitude", gps.longitude());
    }
    node.put("orientation", orientation);
    ArrayNode warningArray = node.putArray("warnings");
    warnings.forEach(warningArray::add);
    return JSON.writeValueAsString(node);
  }

  /**
   * Reads an artifact written by {@link #toJson()}, e.g. to refill the asset's columns from stored
   * artifacts.
   *
   * @throws IllegalArgumentException if it is not such a document
   */
  public static ImageMetadata fromJson(String json) {
    try {
      JsonNode node = JSON.readTree(json);
      JsonNode gps = node.path("gps");
      List<String> warnings = new ArrayList<>();
      node.path("warnings").forEach(w -> warnings.add(w.asString()));
      String captureTime = text(node, "captureTime");
      String captureOffset = text(node, "captureOffset");
      return new ImageMetadata(
          node.required("format").asString(),
          integer(node, "width"),
          integer(node, "height"),
          captureTime == null ? null : LocalDateTime.parse(captureTime),
          captureOffset == null ? null : ZoneOffset.of(captureOffset),
          captureTime == null ? null : text(node, "captureTimeSource"),
          text(node, "cameraMake"),
          text(node, "cameraModel"),
          text(node, "lens"),
          gps.isObject()
              ? new GpsPosition(
                  gps.required("latitude").asDouble(), gps.required("longitude").asDouble())
              : null,
          integer(node, "orientation"),
          warnings);
    } catch (JacksonException | java.time.DateTimeException e) {
      throw new IllegalArgumentException("not an image-metadata document: " + e.getMessage(), e);
    }
  }

  private static @Nullable String text(JsonNode node, String field) {
    JsonNode value = node.path(field);
    return value.isString() ? value.asString() : null;
  }

  private static @Nullable Integer integer(JsonNode node, String field) {
    JsonNode value = node.path(field);
    return value.isNumber() ? value.asInt() : null;
  }
}
