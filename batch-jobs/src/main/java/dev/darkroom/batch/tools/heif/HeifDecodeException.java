package dev.darkroom.batch.tools.heif;

import java.io.IOException;

/** heif-convert could not decode a file; the message says why in the user's terms. */
public final class HeifDecodeException extends IOException {

  public HeifDecodeException(String message) {
    super(message);
  }
}
