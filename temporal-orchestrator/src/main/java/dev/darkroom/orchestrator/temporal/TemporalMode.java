package dev.darkroom.orchestrator.temporal;

/** Which Temporal server Darkroom talks to; chosen once at start-up by {@link TemporalEndpoint}. */
public enum TemporalMode {
  /** A server at {@code darkroom.temporal.target}, run by someone else. */
  REMOTE,
  /** The {@code temporal} CLI dev server started by Darkroom, persisted in a SQLite file. */
  DEV_SERVER,
  /** Temporal's in-memory Java test server: runs are lost when the process ends. */
  IN_PROCESS_TEST_SERVER
}
