package dev.darkroom.web.schedules;

import io.swagger.v3.oas.annotations.media.Schema;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * The body of {@code POST /api/schedules} and {@code PUT /api/schedules/{id}}: a production run of
 * a pipeline over a scope, and when it fires. Checked by {@link ScheduleBodies}.
 */
@Schema(
    example =
        """
        {"name":"nightly images","pipeline":"images-basic","scope":{"query":"type:image"},
         "cron":"0 2 * * *","timeZone":"Europe/Berlin","overlap":"SKIP","catchupWindow":"1h",
         "note":"keep all images current"}""")
record ScheduleBody(
    @Schema(description = "unique name", requiredMode = Schema.RequiredMode.REQUIRED)
        @Nullable String name,
    @Schema(
            description = "pipeline id, e.g. images-basic",
            requiredMode = Schema.RequiredMode.REQUIRED)
        @Nullable String pipeline,
    @Schema(description = "which assets; absent or {\"all\":true} means every asset")
        @Nullable Scope scope,
    @Schema(description = "the production policy's thumbnail maxSize; absent: the tool's default")
        @Nullable Integer thumbnailSize,
    @Schema(description = "per-tool parameters, keyed by tool id")
        @Nullable Map<String, Object> parameters,
    @Schema(
            description =
                "reprocess every unit, not only missing, stale or failed ones (default false;"
                    + " takes effect with incremental production runs)")
        @Nullable Boolean force,
    @Schema(description = "five-field cron, e.g. \"0 2 * * *\"; exactly one of cron and interval")
        @Nullable String cron,
    @Schema(description = "a fixed interval, e.g. 6h, 30m, PT1H; at least 5s")
        @Nullable String interval,
    @Schema(description = "IANA time zone the cron is read in (default UTC)")
        @Nullable String timeZone,
    @Schema(
            description =
                "a firing while the previous run still goes: SKIP (default) or BUFFER_ONE",
            allowableValues = {"SKIP", "BUFFER_ONE"})
        @Nullable String overlap,
    @Schema(description = "how late a missed firing may still start (default 1h, at least 10s)")
        @Nullable String catchupWindow,
    @Schema(description = "create paused (default false)") @Nullable Boolean paused,
    @Schema(description = "a note for people") @Nullable String note) {

  /** Which assets: a collection, a query, or all. */
  record Scope(
      @Schema(description = "a collection's id") @Nullable Long collectionId,
      @Schema(description = "a query in the collection language, e.g. type:image")
          @Nullable String query,
      @Schema(description = "true: every asset with a live location") @Nullable Boolean all) {}
}
