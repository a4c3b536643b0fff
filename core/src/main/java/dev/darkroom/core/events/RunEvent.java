package dev.darkroom.core.events;

import java.time.Instant;

/**
 * Something that happened to a run and has committed. Events carry ids and counts, never payloads;
 * PostgreSQL stays the truth, so a consumer that needs more reads it from there.
 */
public sealed interface RunEvent permits RunStateChanged, ChunkCommitted, UnitFailed {

  long runId();

  /** When it happened (the publishing process's clock). */
  Instant at();
}
