package dev.darkroom.web.runs;

import dev.darkroom.core.run.RunStatus;
import org.jspecify.annotations.Nullable;

/** What a runs list shows: a status and a pipeline (null: any), the page after a cursor. */
public record RunListQuery(
    @Nullable RunStatus status, @Nullable String pipeline, @Nullable Long before, int limit) {}
