package dev.darkroom.web.scans;

import io.swagger.v3.oas.annotations.media.Schema;
import org.jspecify.annotations.Nullable;

/** The optional body of {@code POST /api/scans}. */
record StartScanRequest(
    @Schema(description = "hash every file again, even unchanged ones (default false)")
        @Nullable Boolean full,
    @Schema(
            description =
                "mark files gone even when that is more than darkroom.scan.max-gone-share of a"
                    + " root's live files (default false: such a scan fails and marks nothing gone)")
        @Nullable Boolean allowMassGone) {}
