package dev.darkroom.core.run;

import java.time.Instant;

/** Units a run finished in one time bucket starting at {@code start}. */
public record FinishedBucket(Instant start, long units) {}
