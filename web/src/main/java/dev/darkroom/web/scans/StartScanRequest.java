package dev.darkroom.web.scans;

import io.swagger.v3.oas.annotations.media.Schema;
import org.jspecify.annotations.Nullable;

/** The optional body of {@code POST /api/scans}. */
record StartScanRequest(
    @Schema(description = "hash every file again, even unchanged ones (default false)")
        @Nullable Boolean full) {}
