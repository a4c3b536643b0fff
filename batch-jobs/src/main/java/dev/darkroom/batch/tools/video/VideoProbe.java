package dev.darkroom.batch.tools.video;

import dev.darkroom.core.asset.AssetMetadata;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeFormatterBuilder;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoField;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.jspecify.annotations.Nullable;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * What {@code video-probe} found in one video, from ffprobe's JSON; null means the file does not
 * say. Its JSON form ({@link #toJson()}) is the artifact; {@link #toAssetMetadata()} is what the
 * catalog copies into the asset's columns.
 *
 * @param container ffprobe's format name, e.g. {@code mov,mp4,m4a,3gp,3g2,mj2}
 * @param durationMs the container's duration (else the video stream's)
 * @param width stored pixel width of the first video stream (before rotation)
 * @param height stored pixel height
 * @param rotation clockwise degrees to turn the picture upright (exiftool's {@code Rotation}): 0,
 *     90, 180 or 270
 * @param videoCodec e.g. {@code h264}
 * @param audioCodec e.g. {@code aac}; null without sound
 * @param frameRate average frames per second of the video stream
 * @param streams every stream: index, type, codec
 * @param captureTime when it was recorded, wall-clock time at {@code captureOffset}
 * @param captureOffset the UTC offset, when known
 * @param captureTimeSource where the time came from: {@code
 *     QuickTime:com.apple.quicktime.creationdate} (local time with offset, phones), {@code
 *     QuickTime:CreateDate} (the container's creation time, UTC by the QuickTime spec) or {@code
 *     File:FileModifyDate} (the last resort, with a warning)
 * @param make QuickTime {@code com.apple.quicktime.make}, when recorded
 * @param model QuickTime {@code com.apple.quicktime.model}
 * @param gps ISO 6709 location ({@code com.apple.quicktime.location.ISO6709}, else {@code ©xyz})
 * @param warnings problems met while reading
 */
public record VideoProbe(
    String container,
    @Nullable Long durationMs,
    @Nullable Integer width,
    @Nullable Integer height,
    int rotation,
    @Nullable String videoCodec,
    @Nullable String audioCodec,
    @Nullable Double frameRate,
    List<Stream> streams,
    @Nullable LocalDateTime captureTime,
    @Nullable ZoneOffset captureOffset,
    @Nullable String captureTimeSource,
    @Nullable String make,
    @Nullable String model,
    Iso6709.@Nullable Position gps,
    List<String> warnings) {

  private static final JsonMapper JSON = JsonMapper.builder().build();

  /** ISO 8601 that always writes the seconds, and a fraction only when there is one. */
  private static final DateTimeFormatter LOCAL_TIME =
      new DateTimeFormatterBuilder()
          .appendPattern("uuuu-MM-dd'T'HH:mm:ss")
          .appendFraction(ChronoField.NANO_OF_SECOND, 0, 9, true)
          .toFormatter();

  /** Apple's creation date: {@code 2021-06-01T12:20:30+0200}. */
  private static final DateTimeFormatter APPLE_DATE =
      new DateTimeFormatterBuilder()
          .appendPattern("uuuu-MM-dd'T'HH:mm:ss")
          .optionalStart()
          .appendFraction(ChronoField.NANO_OF_SECOND, 0, 9, true)
          .optionalEnd()
          .appendOffset("+HHMM", "Z")
          .toFormatter();

  /** QuickTime counts from 1904; a zero there (or the Unix epoch) means "never set". */
  private static final Instant EARLIEST_REAL = Instant.parse("1971-01-01T00:00:00Z");

  /** One stream of the container. */
  public record Stream(int index, String type, @Nullable String codec) {}

  public VideoProbe {
    streams = List.copyOf(streams);
    warnings = List.copyOf(warnings);
  }

  /** The capture time at its offset, or, with no offset, the wall-clock time read as UTC. */
  public @Nullable OffsetDateTime capturedAt() {
    if (captureTime == null) {
      return null;
    }
    return captureTime.atOffset(captureOffset != null ? captureOffset : ZoneOffset.UTC);
  }

  /** Capture time, camera, GPS, dimensions and duration for the asset's columns. */
  public AssetMetadata toAssetMetadata() {
    return new AssetMetadata(
        capturedAt(),
        make,
        model,
        null,
        gps == null ? null : gps.latitude(),
        gps == null ? null : gps.longitude(),
        null,
        width,
        height,
        durationMs);
  }

  /**
   * Reads ffprobe's {@code -print_format json -show_format -show_streams} output.
   *
   * @param fileModified the file's modification time, the capture time of last resort
   * @throws IllegalArgumentException if it is not such a document
   */
  static VideoProbe fromFfprobe(String json, @Nullable Instant fileModified) {
    JsonNode root;
    try {
      root = JSON.readTree(json);
    } catch (JacksonException e) {
      throw new IllegalArgumentException("ffprobe's output is not JSON: " + e.getMessage(), e);
    }
    JsonNode format = root.path("format");
    JsonNode formatTags = format.path("tags");
    List<Stream> streams = new ArrayList<>();
    JsonNode video = null;
    JsonNode audio = null;
    for (JsonNode stream : root.path("streams")) {
      String type = stream.path("codec_type").asString("unknown");
      streams.add(new Stream(stream.path("index").asInt(), type, text(stream, "codec_name")));
      boolean picture = stream.path("disposition").path("attached_pic").asInt() == 1;
      if (video == null && type.equals("video") && !picture) {
        video = stream;
      } else if (audio == null && type.equals("audio")) {
        audio = stream;
      }
    }
    List<String> warnings = new ArrayList<>();
    Long durationMs = millis(text(format, "duration"));
    if (durationMs == null && video != null) {
      durationMs = millis(text(video, "duration"));
    }
    Capture capture = capture(formatTags, video, fileModified, warnings);
    Iso6709.Position gps =
        Iso6709.parse(text(formatTags, "com.apple.quicktime.location.ISO6709"))
            .or(() -> Iso6709.parse(text(formatTags, "location")))
            .orElse(null);
    return new VideoProbe(
        format.path("format_name").asString("unknown"),
        durationMs,
        video == null ? null : positive(video.path("width")),
        video == null ? null : positive(video.path("height")),
        video == null ? 0 : rotation(video),
        video == null ? null : text(video, "codec_name"),
        audio == null ? null : text(audio, "codec_name"),
        video == null ? null : rate(text(video, "avg_frame_rate")),
        streams,
        capture.time(),
        capture.offset(),
        capture.source(),
        text(formatTags, "com.apple.quicktime.make"),
        text(formatTags, "com.apple.quicktime.model"),
        gps,
        warnings);
  }

  private record Capture(
      @Nullable LocalDateTime time, @Nullable ZoneOffset offset, @Nullable String source) {}

  /**
   * In the order exiftool users expect for QuickTime: Apple's creation date (local time with its
   * offset), then the container's creation time (UTC), then the video stream's, then the file's
   * modification time, marked as such.
   */
  private static Capture capture(
      JsonNode formatTags,
      @Nullable JsonNode video,
      @Nullable Instant fileModified,
      List<String> warnings) {
    String apple = text(formatTags, "com.apple.quicktime.creationdate");
    if (apple != null) {
      try {
        OffsetDateTime at = OffsetDateTime.parse(apple, APPLE_DATE);
        return new Capture(
            at.toLocalDateTime(), at.getOffset(), "QuickTime:com.apple.quicktime.creationdate");
      } catch (DateTimeParseException e) {
        warnings.add("unreadable com.apple.quicktime.creationdate: " + apple);
      }
    }
    List<String> created = new ArrayList<>();
    created.add(text(formatTags, "creation_time"));
    if (video != null) {
      created.add(text(video.path("tags"), "creation_time"));
    }
    for (String value : created) {
      Instant at = instant(value, warnings);
      if (at != null && at.isAfter(EARLIEST_REAL)) {
        return new Capture(
            LocalDateTime.ofInstant(at, ZoneOffset.UTC), ZoneOffset.UTC, "QuickTime:CreateDate");
      }
    }
    if (fileModified != null) {
      warnings.add(
          "no creation date in the file; its modification time stands in, which a copy or a"
              + " restore changes");
      return new Capture(
          LocalDateTime.ofInstant(fileModified, ZoneOffset.UTC),
          ZoneOffset.UTC,
          "File:FileModifyDate");
    }
    return new Capture(null, null, null);
  }

  private static @Nullable Instant instant(@Nullable String value, List<String> warnings) {
    if (value == null) {
      return null;
    }
    try {
      return Instant.parse(value);
    } catch (DateTimeParseException e) {
      warnings.add("unreadable creation_time: " + value);
      return null;
    }
  }

  /**
   * Clockwise degrees to turn the stored picture upright, as exiftool's {@code Rotation} says: from
   * the display matrix (which ffprobe reports counterclockwise, hence the sign), else the old
   * {@code rotate} tag (clockwise); 0, 90, 180 or 270.
   */
  private static int rotation(JsonNode video) {
    for (JsonNode side : video.path("side_data_list")) {
      if (side.has("rotation")) {
        return normalise(-(int) Math.round(side.path("rotation").asDouble()));
      }
    }
    String tag = text(video.path("tags"), "rotate");
    if (tag != null) {
      try {
        return normalise(Integer.parseInt(tag.strip()));
      } catch (NumberFormatException e) {
        return 0;
      }
    }
    return 0;
  }

  private static int normalise(int degrees) {
    return ((degrees % 360) + 360) % 360;
  }

  private static @Nullable Long millis(@Nullable String seconds) {
    if (seconds == null) {
      return null;
    }
    try {
      double value = Double.parseDouble(seconds);
      return value >= 0 && Double.isFinite(value) ? Math.round(value * 1000) : null;
    } catch (NumberFormatException e) {
      return null; // "N/A"
    }
  }

  private static @Nullable Double rate(@Nullable String fraction) {
    if (fraction == null) {
      return null;
    }
    String[] parts = fraction.split("/");
    try {
      double num = Double.parseDouble(parts[0]);
      double den = parts.length > 1 ? Double.parseDouble(parts[1]) : 1;
      return den > 0 && num > 0 ? num / den : null;
    } catch (NumberFormatException e) {
      return null;
    }
  }

  private static @Nullable Integer positive(JsonNode value) {
    return value.isNumber() && value.asInt() > 0 ? value.asInt() : null;
  }

  private static @Nullable String text(JsonNode node, String field) {
    JsonNode value = node.path(field);
    if (!value.isString()) {
      return null;
    }
    String text = value.asString().strip();
    return text.isEmpty() ? null : text;
  }

  /** The artifact: every field present (null when unknown), capturedAt spelled out. */
  public String toJson() {
    ObjectNode node = JSON.createObjectNode();
    node.put("container", container);
    node.put("durationMs", durationMs);
    node.put("width", width);
    node.put("height", height);
    node.put("rotation", rotation);
    node.put("videoCodec", videoCodec);
    node.put("audioCodec", audioCodec);
    node.put("frameRate", frameRate);
    ArrayNode streamArray = node.putArray("streams");
    for (Stream stream : streams) {
      streamArray
          .addObject()
          .put("index", stream.index())
          .put("type", stream.type())
          .put("codec", stream.codec());
    }
    node.put("captureTime", captureTime == null ? null : LOCAL_TIME.format(captureTime));
    node.put("captureOffset", captureOffset == null ? null : captureOffset.getId());
    node.put("captureTimeSource", captureTimeSource);
    OffsetDateTime capturedAt = capturedAt();
    node.put("capturedAt", capturedAt == null ? null : capturedAt.toString());
    node.put("make", make);
    node.put("model", model);
    if (gps == null) {
      node.putNull("gps");
    } else {
      ObjectNode position =
          node.putObject("gps").put("latitude", gps.latitude()).put("longitude", gps.longitude());
      position.put("altitude", gps.altitude());
    }
    ArrayNode warningArray = node.putArray("warnings");
    warnings.forEach(warningArray::add);
    return JSON.writeValueAsString(node);
  }

  /**
   * Reads an artifact written by {@link #toJson()}.
   *
   * @throws IllegalArgumentException if it is not such a document
   */
  public static VideoProbe fromJson(String json) {
    try {
      JsonNode node = JSON.readTree(json);
      List<Stream> streams = new ArrayList<>();
      for (JsonNode s : node.path("streams")) {
        streams.add(
            new Stream(s.path("index").asInt(), s.path("type").asString(), text(s, "codec")));
      }
      List<String> warnings = new ArrayList<>();
      node.path("warnings").forEach(w -> warnings.add(w.asString()));
      JsonNode gps = node.path("gps");
      String captureTime = text(node, "captureTime");
      String captureOffset = text(node, "captureOffset");
      JsonNode altitude = gps.path("altitude");
      return new VideoProbe(
          node.required("container").asString(),
          node.path("durationMs").isNumber() ? node.path("durationMs").asLong() : null,
          positive(node.path("width")),
          positive(node.path("height")),
          node.path("rotation").asInt(),
          text(node, "videoCodec"),
          text(node, "audioCodec"),
          node.path("frameRate").isNumber() ? node.path("frameRate").asDouble() : null,
          streams,
          captureTime == null ? null : LocalDateTime.parse(captureTime),
          captureOffset == null ? null : ZoneOffset.of(captureOffset),
          captureTime == null ? null : text(node, "captureTimeSource"),
          text(node, "make"),
          text(node, "model"),
          gps.isObject()
              ? new Iso6709.Position(
                  gps.required("latitude").asDouble(),
                  gps.required("longitude").asDouble(),
                  altitude.isNumber() ? altitude.asDouble() : null)
              : null,
          warnings);
    } catch (JacksonException | java.time.DateTimeException e) {
      throw new IllegalArgumentException("not a video-probe document: " + e.getMessage(), e);
    }
  }

  /** The upstream probe of a unit, if its pipeline made one. */
  static Optional<VideoProbe> of(
      java.util.Map<String, dev.darkroom.core.tool.ToolOutput> upstream) {
    dev.darkroom.core.tool.ToolOutput output = upstream.get(VideoProbeTool.KIND);
    if (output == null || output.inlineJson() == null) {
      return Optional.empty();
    }
    return Optional.of(fromJson(output.inlineJson()));
  }
}
