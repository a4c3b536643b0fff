package dev.darkroom.core.events;

/** Finished units by outcome: of one chunk, or of a whole partition so far. */
public record UnitTally(long done, long failed, long skipped) {

  public static final UnitTally ZERO = new UnitTally(0, 0, 0);

  public UnitTally {
    if (done < 0 || failed < 0 || skipped < 0) {
      throw new IllegalArgumentException(
          "unit counts cannot be negative: " + done + "/" + failed + "/" + skipped);
    }
  }

  public long finished() {
    return done + failed + skipped;
  }

  public UnitTally plus(UnitTally other) {
    return new UnitTally(done + other.done, failed + other.failed, skipped + other.skipped);
  }
}
