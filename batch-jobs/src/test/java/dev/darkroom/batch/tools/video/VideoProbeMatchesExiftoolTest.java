package dev.darkroom.batch.tools.video;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import org.assertj.core.api.SoftAssertions;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * {@code video-probe} against {@code exiftool -json -n -api QuickTimeUTC}, field by field, on
 * videos ffmpeg wrote with phone-style and plain QuickTime tags: capture time (Apple's
 * CreationDate, else CreateDate when set), GPS, make, model, duration, size and rotation.
 * Tolerances: GPS 1e-4 degrees (exiftool reads {@code ©xyz} through a lossy conversion), duration
 * 10 ms; the rest exact.
 */
class VideoProbeMatchesExiftoolTest {

  private static final DateTimeFormatter EXIF_DATE =
      DateTimeFormatter.ofPattern("yyyy:MM:dd HH:mm:ssXXX");

  @TempDir Path dir;
  @TempDir Path temp;

  @Test
  void everyFieldAgreesWithExiftool() throws Exception {
    Videos.assumeFfmpeg();
    Assumptions.assumeTrue(
        Ffmpeg.findOnPath("exiftool", System.getenv("PATH")).isPresent(),
        "exiftool is not on the PATH (.ci/install-tools installs it)");
    Videos.phoneMovie(dir.resolve("phone.mov"));
    Path plain =
        Videos.testPattern(
            dir.resolve("plain.mp4"),
            160,
            120,
            2,
            "-metadata",
            "creation_time=2019-03-04T05:06:07Z",
            "-metadata",
            "location=-33.8568+151.2153/");
    Videos.ffmpeg(
        dir.resolve("rotated.mp4"),
        "-i",
        plain.toString(),
        "-c",
        "copy",
        "-metadata:s:v:0",
        "rotate=90");
    Videos.testPattern(dir.resolve("bare.mkv"), 64, 48, 1);
    Map<String, JsonNode> exiftool = exiftool(dir);
    Ffmpeg ffmpeg = Ffmpeg.fromPath(temp);
    SoftAssertions softly = new SoftAssertions();

    for (Map.Entry<String, JsonNode> entry : exiftool.entrySet()) {
      String name = entry.getKey();
      JsonNode tool = entry.getValue();
      VideoProbe probe =
          VideoProbe.fromJson(
              VideoToolsTest.single(
                      new VideoProbeTool(ffmpeg)
                          .process(VideoInputs.of(dir.resolve(name), "video/mp4")))
                  .inlineJson());
      softly
          .assertThat(probe.width())
          .as(name + " width")
          .isEqualTo(tool.path("ImageWidth").asInt());
      softly
          .assertThat(probe.height())
          .as(name + " height")
          .isEqualTo(tool.path("ImageHeight").asInt());
      softly
          .assertThat(probe.durationMs() / 1000.0)
          .as(name + " duration")
          .isCloseTo(seconds(tool.path("Duration")), within(0.01));
      softly
          .assertThat(probe.rotation())
          .as(name + " rotation")
          .isEqualTo(tool.path("Rotation").asInt(0));
      softly.assertThat(probe.make()).as(name + " make").isEqualTo(text(tool, "Make"));
      softly.assertThat(probe.model()).as(name + " model").isEqualTo(text(tool, "Model"));
      if (tool.has("GPSLatitude")) {
        softly
            .assertThat(probe.gps().latitude())
            .as(name + " latitude")
            .isCloseTo(tool.path("GPSLatitude").asDouble(), within(1e-4));
        softly
            .assertThat(probe.gps().longitude())
            .as(name + " longitude")
            .isCloseTo(tool.path("GPSLongitude").asDouble(), within(1e-4));
      } else {
        softly.assertThat(probe.gps()).as(name + " gps").isNull();
      }
      OffsetDateTime expected = captureTime(tool);
      if (expected == null) {
        softly.assertThat(probe.captureTimeSource()).as(name).isEqualTo("File:FileModifyDate");
      } else {
        softly.assertThat(probe.capturedAt()).as(name + " capture time").isEqualTo(expected);
      }
    }
    softly.assertAll();
  }

  /** Apple's CreationDate, else CreateDate unless it is QuickTime's zero (1904). */
  private static OffsetDateTime captureTime(JsonNode tool) {
    for (String tag : List.of("CreationDate", "CreateDate")) {
      String value = text(tool, tag);
      if (value != null && !value.startsWith("1904:") && !value.startsWith("0000:")) {
        return OffsetDateTime.parse(value, EXIF_DATE);
      }
    }
    return null;
  }

  /** exiftool's duration: seconds, or for Matroska "HH:MM:SS.fraction" even with -n. */
  private static double seconds(JsonNode duration) {
    if (duration.isNumber()) {
      return duration.asDouble();
    }
    String[] parts = duration.asString().split(":");
    double seconds = 0;
    for (String part : parts) {
      seconds = seconds * 60 + Double.parseDouble(part);
    }
    return seconds;
  }

  private static String text(JsonNode node, String field) {
    JsonNode value = node.path(field);
    return value.isMissingNode() || value.isNull() ? null : value.asString();
  }

  private static Map<String, JsonNode> exiftool(Path dir) throws IOException, InterruptedException {
    List<String> command =
        new ArrayList<>(List.of("exiftool", "-json", "-n", "-api", "QuickTimeUTC"));
    try (var files = Files.list(dir)) {
      files.sorted().forEach(f -> command.add(f.toString()));
    }
    Process process = new ProcessBuilder(command).start();
    String json = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(process.waitFor(2, TimeUnit.MINUTES)).isTrue();
    Map<String, JsonNode> byName = new TreeMap<>();
    for (JsonNode node : JsonMapper.builder().build().readTree(json)) {
      byName.put(Path.of(node.get("SourceFile").asString()).getFileName().toString(), node);
    }
    assertThat(byName).containsOnlyKeys("bare.mkv", "phone.mov", "plain.mp4", "rotated.mp4");
    return byName;
  }
}
