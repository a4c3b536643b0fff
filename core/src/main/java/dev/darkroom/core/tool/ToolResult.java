package dev.darkroom.core.tool;

import java.util.List;
import java.util.Objects;

/**
 * The explicit outcome of {@link Tool#process}: expected conditions are values, not exceptions. The
 * batch writer maps {@code Success} to artifacts and a done unit, {@code Skipped} to a skipped unit
 * and {@code Failed} to a failed unit with its reason (after retries when it is transient).
 */
public sealed interface ToolResult {

  static Success success(List<ToolOutput> outputs) {
    return new Success(outputs);
  }

  static Success success(ToolOutput output) {
    return new Success(List.of(output));
  }

  static Skipped skipped(String reason) {
    return new Skipped(reason);
  }

  /** A failure that will happen again on retry: corrupt or unsupported content. */
  static Failed failed(String reason) {
    return new Failed(reason, false);
  }

  /** A failure that may not happen again: the original could not be read this time. */
  static Failed failedTransiently(String reason) {
    return new Failed(reason, true);
  }

  /**
   * The tool did its work.
   *
   * @param outputs what to store, in order; may be empty
   */
  record Success(List<ToolOutput> outputs) implements ToolResult {
    public Success {
      outputs = List.copyOf(outputs);
    }
  }

  /**
   * The tool does not apply to this asset (e.g. a media type it does not accept). Not an error.
   *
   * @param reason one sentence for the run report, e.g. {@code media type text/plain is not
   *     accepted}
   */
  record Skipped(String reason) implements ToolResult {
    public Skipped {
      Objects.requireNonNull(reason, "reason");
    }
  }

  /**
   * The tool could not process this asset.
   *
   * @param reason what went wrong, readable by the archive's owner, e.g. {@code cannot decode
   *     image: Unsupported Image Type}
   * @param retryable true for a transient failure (reading the original failed), worth retrying
   *     with backoff; false when the content itself is the problem
   */
  record Failed(String reason, boolean retryable) implements ToolResult {
    public Failed {
      Objects.requireNonNull(reason, "reason");
    }
  }
}
