package dev.darkroom.batch.tools;

import dev.darkroom.core.tool.ToolInput;
import dev.darkroom.core.tool.ToolResult;
import java.io.IOException;
import java.io.InputStream;
import org.jspecify.annotations.Nullable;

/**
 * An original read into memory, or why it could not be. Tools read the whole file first so that a
 * failure to read (transient: retry) is never confused with a failure to decode (permanent).
 *
 * @param bytes the content, or null when {@link #failure} is set
 * @param failure why there is nothing to decode: a transient failure to read, or an empty file
 */
public record OriginalBytes(byte @Nullable [] bytes, ToolResult.@Nullable Failed failure) {

  /** Originals above this size are refused rather than risk the worker's heap: 512 MiB. */
  public static final long MAX_BYTES = 512L * 1024 * 1024;

  /** Reads the input's original to its end, up to {@link #MAX_BYTES}. */
  public static OriginalBytes read(ToolInput input) {
    return read(input, MAX_BYTES);
  }

  static OriginalBytes read(ToolInput input, long maxBytes) {
    byte[] bytes;
    try (InputStream in = input.original().open()) {
      bytes = in.readNBytes((int) Math.min(Integer.MAX_VALUE - 8, maxBytes + 1));
    } catch (IOException e) {
      return new OriginalBytes(
          null, ToolResult.failedTransiently("cannot read the original: " + describe(e)));
    }
    if (bytes.length > maxBytes) {
      return new OriginalBytes(
          null,
          ToolResult.failed(
              "the file is larger than " + maxBytes / (1024 * 1024) + " MiB; not processed"));
    }
    if (bytes.length == 0) {
      return new OriginalBytes(null, ToolResult.failed("the file is empty (0 bytes)"));
    }
    return new OriginalBytes(bytes, null);
  }

  /** An exception's message, or its type when it has none; for failure reasons. */
  public static String describe(Throwable e) {
    String message = e.getMessage();
    return message == null || message.isBlank() ? e.getClass().getSimpleName() : message;
  }
}
