package dev.darkroom.web.runs;

import io.swagger.v3.oas.annotations.media.Schema;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.annotation.JsonDeserialize;

/**
 * The body of {@code POST /api/runs}. Every field is checked by {@link RunRequests}, which says
 * what is wrong by its JSON path ({@code policy.sampleCount}); nothing here is trusted.
 */
@Schema(
    example =
        """
        {"pipeline":"images-basic","scope":{"all":true},
         "policy":{"kind":"SANDBOX","sampleCount":100,"seed":42,"thumbnailSize":256,"artifactTtl":"7d"},
         "parameters":{"thumbnail":{"quality":0.9}}}""")
record StartRunRequest(
    @Schema(
            description = "pipeline id, e.g. images-basic",
            requiredMode = Schema.RequiredMode.REQUIRED)
        @Nullable String pipeline,
    @Schema(requiredMode = Schema.RequiredMode.REQUIRED) @Nullable Scope scope,
    @Schema(requiredMode = Schema.RequiredMode.REQUIRED) @Nullable Policy policy,
    @Schema(description = "per-tool parameters, keyed by tool id")
        @Nullable Map<String, Object> parameters,
    @Schema(
            description =
                "production: reprocess every asset in scope; by default only assets missing, stale"
                    + " or failed for the pipeline are planned (docs/coverage.md)")
        @Nullable Boolean force,
    @Schema(
            description =
                "where the partitions run: in-process, process or kubernetes (as configured);"
                    + " default darkroom.runs.default-launcher")
        @Nullable String launcher) {

  StartRunRequest(
      @Nullable String pipeline,
      @Nullable Scope scope,
      @Nullable Policy policy,
      @Nullable Map<String, Object> parameters) {
    this(pipeline, scope, policy, parameters, null, null);
  }

  /** Which assets: exactly one of the three. */
  record Scope(
      @Schema(description = "a collection's id (static: its members; dynamic: its query)")
          @Nullable Long collectionId,
      @Schema(description = "an inline query in the collection language, e.g. type:image")
          @Nullable String query,
      @Schema(description = "true: every asset with a live location") @Nullable Boolean all) {}

  /** How: a sandbox sample or full production coverage. */
  record Policy(
      @Schema(allowableValues = {"SANDBOX", "PRODUCTION"}) @Nullable String kind,
      @Schema(description = "sandbox: at most this many units (a whole number)")
          @JsonDeserialize(using = WholeNumber.class)
          @Nullable Integer sampleCount,
      @Schema(description = "sandbox: this share of the scope, in (0, 1]")
          @Nullable Double sampleFraction,
      @Schema(description = "sandbox: picks the sample (default 42)") @Nullable Long seed,
      @Schema(description = "thumbnail maxSize (sandbox default 256)")
          @JsonDeserialize(using = WholeNumber.class)
          @Nullable Integer thumbnailSize,
      @Schema(
              description =
                  "sandbox: artifacts expire after this, from 1s to 365d, e.g. 7d, 12h, PT30M"
                      + " (default 7d)")
          @Nullable String artifactTtl) {}
}
