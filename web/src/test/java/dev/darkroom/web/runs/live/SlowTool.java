package dev.darkroom.web.runs.live;

import dev.darkroom.core.tool.MediaTypeSet;
import dev.darkroom.core.tool.Tool;
import dev.darkroom.core.tool.ToolInput;
import dev.darkroom.core.tool.ToolOutput;
import dev.darkroom.core.tool.ToolParameters;
import dev.darkroom.core.tool.ToolResult;

/**
 * A test tool that takes {@link #delayMillis} per image, so a run lasts long enough to be watched
 * and steered, and throws for PNGs, so the run has failed units with a reason.
 */
final class SlowTool implements Tool {

  static volatile long delayMillis = 0;

  @Override
  public String id() {
    return "slow";
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
    if (input.mediaType().equals("image/png")) {
      throw new IllegalStateException("PNGs break this tool");
    }
    return ToolResult.success(ToolOutput.inline("slow", "{\"asset\":" + input.assetId() + "}"));
  }
}
