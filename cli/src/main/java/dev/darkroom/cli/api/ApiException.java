package dev.darkroom.cli.api;

import dev.darkroom.cli.ExitCode;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;

/**
 * The server answered with an error: its RFC 9457 problem details when it sent them.
 *
 * @param problem the problem document, or null when the body was not one
 */
public class ApiException extends RuntimeException {

  private final int status;
  private final @Nullable JsonNode problem;

  public ApiException(int status, String message, @Nullable JsonNode problem) {
    super(message);
    this.status = status;
    this.problem = problem;
  }

  public int status() {
    return status;
  }

  public @Nullable JsonNode problem() {
    return problem;
  }

  /** The problem's type name, the last segment of its {@code type} URI ({@code unknown-run}). */
  public String type() {
    if (problem == null) {
      return "";
    }
    String type = problem.path("type").asString("");
    return type.substring(type.lastIndexOf('/') + 1);
  }

  /** The documented exit code for this answer (docs/cli.md). */
  public int exitCode() {
    if (status == 401 || status == 403) {
      return ExitCode.AUTH;
    }
    if (status == 404) {
      return ExitCode.NOT_FOUND;
    }
    if (status >= 400 && status < 500 && status != 409) {
      return ExitCode.USAGE;
    }
    return ExitCode.FAILED;
  }
}
