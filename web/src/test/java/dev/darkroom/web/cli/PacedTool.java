package dev.darkroom.web.cli;

import dev.darkroom.core.tool.MediaTypeSet;
import dev.darkroom.core.tool.Tool;
import dev.darkroom.core.tool.ToolInput;
import dev.darkroom.core.tool.ToolOutput;
import dev.darkroom.core.tool.ToolParameters;
import dev.darkroom.core.tool.ToolResult;

/** A test tool that takes {@link #delayMillis} per image, so a run lasts while it is watched. */
final class PacedTool implements Tool {

  static volatile long delayMillis = 0;

  @Override
  public String id() {
    return "paced";
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
      Thread.sleep(delayMillis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    return ToolResult.success(ToolOutput.inline("paced", "{\"asset\":" + input.assetId() + "}"));
  }
}
