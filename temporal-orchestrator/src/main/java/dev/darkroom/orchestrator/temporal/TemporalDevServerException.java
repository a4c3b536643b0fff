package dev.darkroom.orchestrator.temporal;

import java.util.List;
import org.jspecify.annotations.Nullable;

/** The {@code temporal} CLI dev server could not be started; the message carries its log tail. */
public class TemporalDevServerException extends RuntimeException {

  /** What went wrong. */
  public enum Reason {
    /** The process could not be launched at all (missing or non-executable binary). */
    CANNOT_LAUNCH,
    /** The process exited before its frontend answered. */
    EXITED_EARLY,
    /** The frontend did not answer within the start-up timeout. */
    NOT_READY_IN_TIME
  }

  private final Reason reason;
  private final List<String> logTail;

  public TemporalDevServerException(
      Reason reason, String message, List<String> logTail, @Nullable Throwable cause) {
    super(withLog(message, logTail), cause);
    this.reason = reason;
    this.logTail = List.copyOf(logTail);
  }

  public Reason reason() {
    return reason;
  }

  /** The last lines the server wrote before it failed, oldest first. */
  public List<String> logTail() {
    return logTail;
  }

  private static String withLog(String message, List<String> logTail) {
    if (logTail.isEmpty()) {
      return message + " (the server wrote no log output)";
    }
    return message + "\n--- last lines of the Temporal log ---\n" + String.join("\n", logTail);
  }
}
