package dev.darkroom.batch.pipeline;

/**
 * A unit's processing was cut short because its partition was asked to stop (a cancelled or paused
 * run). Not a failure: the unit stays unfinished and a later launch processes it.
 */
final class UnitStoppedException extends RuntimeException {

  UnitStoppedException() {
    super(
        "the partition was asked to stop; the unit is left for the next launch",
        null,
        false,
        false);
  }
}
