package dev.darkroom.batch.tools.video;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import java.util.zip.ZipOutputStream;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Frames of one video as a {@link FrameSource} gives them, and their stored form: the {@code
 * frames} artifact, a ZIP ({@code application/zip}, stored, not deflated: JPEGs do not shrink)
 * holding {@code frames.json} (the settings and each frame's time) and {@code frame-000.jpg…}.
 *
 * @param settings what was asked for
 * @param frames the frames in time order, one per requested position
 * @param materialised true when they came from a {@code frames} artifact of the unit, false when
 *     they were extracted for this request
 */
public record Frames(FrameSettings settings, List<Frame> frames, boolean materialised) {

  public static final String KIND = "frames";
  public static final String MEDIA_TYPE = "application/zip";

  private static final JsonMapper JSON = JsonMapper.builder().build();
  private static final String MANIFEST = "frames.json";

  /** Bytes a frames artifact may inflate to before it is refused (a zip bomb guard). */
  private static final long MAX_TOTAL = 256L * 1024 * 1024;

  /** One JPEG frame and where in the video it was taken. */
  public record Frame(long atMs, byte[] jpeg) {}

  public Frames {
    frames = List.copyOf(frames);
  }

  /** The artifact's bytes. */
  public byte[] toZip() {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (ZipOutputStream zip = new ZipOutputStream(bytes)) {
      zip.setLevel(0);
      ObjectNode manifest = JSON.createObjectNode();
      manifest.put(FrameSettings.FRAME_COUNT, settings.frameCount());
      manifest.put(FrameSettings.FRAME_SIZE, settings.frameSize());
      ArrayNode list = manifest.putArray("frames");
      for (int i = 0; i < frames.size(); i++) {
        list.addObject().put("name", name(i)).put("atMs", frames.get(i).atMs());
      }
      zip.putNextEntry(new ZipEntry(MANIFEST));
      zip.write(JSON.writeValueAsBytes(manifest));
      zip.closeEntry();
      for (int i = 0; i < frames.size(); i++) {
        zip.putNextEntry(new ZipEntry(name(i)));
        zip.write(frames.get(i).jpeg());
        zip.closeEntry();
      }
    } catch (IOException e) {
      throw new UncheckedIOException("a ZIP in memory cannot fail to write", e);
    }
    return bytes.toByteArray();
  }

  /**
   * Reads a {@code frames} artifact.
   *
   * @throws IllegalArgumentException if it is not one
   */
  public static Frames fromZip(byte[] zipBytes) {
    java.util.Map<String, byte[]> entries = new java.util.HashMap<>();
    long total = 0;
    try (ZipInputStream zip = new ZipInputStream(new ByteArrayInputStream(zipBytes))) {
      for (ZipEntry entry = zip.getNextEntry(); entry != null; entry = zip.getNextEntry()) {
        byte[] content = zip.readNBytes((int) Math.min(Integer.MAX_VALUE - 8, MAX_TOTAL - total));
        total += content.length;
        if (total >= MAX_TOTAL) {
          throw new IllegalArgumentException("frames artifact inflates to more than allowed");
        }
        entries.put(entry.getName(), content);
      }
    } catch (IOException e) {
      throw new IllegalArgumentException("not a frames artifact: " + e.getMessage(), e);
    }
    byte[] manifestBytes = entries.get(MANIFEST);
    if (manifestBytes == null) {
      throw new IllegalArgumentException("not a frames artifact: no " + MANIFEST);
    }
    try {
      JsonNode manifest = JSON.readTree(new String(manifestBytes, StandardCharsets.UTF_8));
      FrameSettings settings =
          new FrameSettings(
              manifest.required(FrameSettings.FRAME_COUNT).asInt(),
              manifest.required(FrameSettings.FRAME_SIZE).asInt());
      List<Frame> frames = new ArrayList<>();
      for (JsonNode frame : manifest.path("frames")) {
        byte[] jpeg = entries.get(frame.required("name").asString());
        if (jpeg == null) {
          throw new IllegalArgumentException("frames artifact lacks " + frame.path("name"));
        }
        frames.add(new Frame(frame.required("atMs").asLong(), jpeg));
      }
      return new Frames(settings, frames, true);
    } catch (JacksonException e) {
      throw new IllegalArgumentException("not a frames artifact: " + e.getMessage(), e);
    }
  }

  private static String name(int index) {
    return "frame-%03d.jpg".formatted(index);
  }
}
