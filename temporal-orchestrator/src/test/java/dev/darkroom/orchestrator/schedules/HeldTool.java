package dev.darkroom.orchestrator.schedules;

import dev.darkroom.core.tool.MediaTypeSet;
import dev.darkroom.core.tool.Tool;
import dev.darkroom.core.tool.ToolInput;
import dev.darkroom.core.tool.ToolOutput;
import dev.darkroom.core.tool.ToolParameters;
import dev.darkroom.core.tool.ToolResult;

/** A test tool that waits while {@link #held} is set, so a run stays RUNNING until released. */
final class HeldTool implements Tool {

  static volatile boolean held = false;

  /** Its release: a test bumps it as a new build of the tool would. */
  static volatile String version = "1";

  @Override
  public String id() {
    return "held";
  }

  @Override
  public String version() {
    return version;
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
    while (held) {
      try {
        Thread.sleep(50);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        break;
      }
    }
    return ToolResult.success(ToolOutput.inline("held", "{\"asset\":" + input.assetId() + "}"));
  }
}
