package dev.darkroom.web.runs;

/** Every live stream is taken (HTTP 503); {@code darkroom.web.sse.max-streams} bounds them. */
class TooManyStreamsException extends RuntimeException {

  TooManyStreamsException(int max) {
    super(
        "all "
            + max
            + " live streams are open; close other dashboard tabs or event clients, or raise"
            + " darkroom.web.sse.max-streams");
  }
}
