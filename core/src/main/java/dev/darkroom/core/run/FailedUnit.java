package dev.darkroom.core.run;

import java.time.Instant;

/** A unit that failed, with the tool's reason: one line of "list failed units". */
public record FailedUnit(
    long runId, String unitKey, long assetId, String error, int attempts, Instant updatedAt) {}
