package dev.darkroom.batch.tools.video;

import dev.darkroom.core.tool.ToolResult;

/** The video tools' failures as results: the program's own reason, transient when it may pass. */
final class VideoResults {

  private VideoResults() {}

  static ToolResult.Failed failed(String prefix, VideoToolException e) {
    String reason = prefix + e.getMessage();
    return e.transientFailure() ? ToolResult.failedTransiently(reason) : ToolResult.failed(reason);
  }
}
