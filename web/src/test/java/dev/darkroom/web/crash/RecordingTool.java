package dev.darkroom.web.crash;

import dev.darkroom.core.tool.MediaTypeSet;
import dev.darkroom.core.tool.Tool;
import dev.darkroom.core.tool.ToolInput;
import dev.darkroom.core.tool.ToolOutput;
import dev.darkroom.core.tool.ToolParameters;
import dev.darkroom.core.tool.ToolResult;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * A test tool for servers that get killed: every invocation appends {@code <pid> <asset id>} to a
 * file outside the archive and the store (one small append, so a kill cannot tear it), then takes a
 * while and stores a blob that depends only on the asset. An asset named by two lines ran twice: a
 * redone unit.
 */
final class RecordingTool implements Tool {

  static final String ID = "recorded";

  private final Path invocations;
  private final long paceMillis;

  RecordingTool(Path invocations, long paceMillis) {
    this.invocations = invocations;
    this.paceMillis = paceMillis;
  }

  @Override
  public String id() {
    return ID;
  }

  @Override
  public String version() {
    return "1";
  }

  @Override
  public MediaTypeSet acceptedMediaTypes() {
    return MediaTypeSet.of("image/*");
  }

  @Override
  public ToolParameters resolveParameters(ToolParameters requested) {
    return requested;
  }

  @Override
  public ToolResult process(ToolInput input) {
    if (!acceptedMediaTypes().accepts(input.mediaType())) {
      return ToolResult.skipped("not an image");
    }
    try {
      Files.writeString(
          invocations,
          ProcessHandle.current().pid() + " " + input.assetId() + "\n",
          StandardCharsets.UTF_8,
          StandardOpenOption.CREATE,
          StandardOpenOption.APPEND);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    try {
      Thread.sleep(paceMillis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    return ToolResult.success(
        ToolOutput.stored(
            ID,
            "text/plain",
            ("recorded asset " + input.assetId()).getBytes(StandardCharsets.UTF_8)));
  }
}
