package dev.darkroom.core.events.nats;

import dev.darkroom.core.events.RunEvent;
import dev.darkroom.core.events.RunEventJson;

/**
 * The NATS subjects of run events, defined once: {@code darkroom.runs.<runId>.<type>}, where {@code
 * <type>} is the event's JSON {@code type} ({@code run-state-changed}, {@code chunk-committed},
 * {@code unit-failed}).
 */
public final class NatsSubjects {

  public static final String PREFIX = "darkroom.runs";

  /** Every run event: what the stream captures and the server subscribes to. */
  public static final String ALL = PREFIX + ".>";

  private NatsSubjects() {}

  public static String of(RunEvent event) {
    return PREFIX + "." + event.runId() + "." + RunEventJson.type(event);
  }

  /** Every event of one run. */
  public static String ofRun(long runId) {
    return PREFIX + "." + runId + ".>";
  }
}
