package dev.darkroom.web.runs;

import dev.darkroom.core.run.InvalidRunRequestException;
import dev.darkroom.core.run.RunPolicy;
import dev.darkroom.core.run.RunRequest;
import dev.darkroom.core.tool.InvalidToolParametersException;
import dev.darkroom.core.tool.ToolParameters;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import org.springframework.boot.convert.DurationStyle;

/**
 * Turns a {@link StartRunRequest} (from the API or the dashboard's form) into a {@link RunRequest},
 * refusing anything incomplete or out of range with an {@link InvalidRunRequestException} that
 * names the field and says what would be accepted. Pipeline, collection and tool parameters are
 * checked again, against what exists, when the run is created.
 */
final class RunRequests {

  static final long DEFAULT_SEED = 42;
  static final Duration DEFAULT_TTL = RunPolicy.SANDBOX_TTL;

  /** Sandbox output is for trying things out; a year is more than any try needs. */
  static final Duration MAX_TTL = Duration.ofDays(365);

  private RunRequests() {}

  static RunRequest toRunRequest(StartRunRequest body, String requestedBy) {
    String pipeline = body.pipeline();
    if (pipeline == null || pipeline.isBlank()) {
      throw invalid("pipeline is required, e.g. \"images-basic\"");
    }
    StartRunRequest.Scope scope = body.scope();
    if (scope == null) {
      throw invalid(
          "scope is required: {\"all\":true}, {\"collectionId\":12} or {\"query\":\"type:image\"}");
    }
    boolean all = Boolean.TRUE.equals(scope.all());
    int given = (scope.collectionId() == null ? 0 : 1) + (scope.query() == null ? 0 : 1);
    if (given + (all ? 1 : 0) != 1) {
      throw invalid(
          "scope takes exactly one of collectionId, query or all=true; this one has "
              + (given + (all ? 1 : 0)));
    }
    if (scope.collectionId() != null && scope.collectionId() <= 0) {
      throw invalid("scope.collectionId must be a positive id, was " + scope.collectionId());
    }
    if (scope.query() != null && scope.query().isBlank()) {
      throw invalid("scope.query is empty; give a query such as type:image, or use all=true");
    }
    return new RunRequest(
        pipeline.trim(),
        scope.collectionId(),
        scope.query() == null ? null : scope.query().trim(),
        null,
        policy(body.policy()),
        parameters(body.parameters()),
        requestedBy,
        Boolean.TRUE.equals(body.force()));
  }

  static RunPolicy policy(StartRunRequest.@Nullable Policy policy) {
    if (policy == null) {
      throw invalid(
          "policy is required: {\"kind\":\"SANDBOX\",\"sampleCount\":100} or"
              + " {\"kind\":\"PRODUCTION\"}");
    }
    RunPolicy.Kind kind = kind(policy.kind());
    Integer thumbnailSize = policy.thumbnailSize();
    if (thumbnailSize != null && thumbnailSize <= 0) {
      throw invalid(
          "policy.thumbnailSize must be a positive number of pixels, was " + thumbnailSize);
    }
    if (kind == RunPolicy.Kind.PRODUCTION) {
      if (policy.sampleCount() != null
          || policy.sampleFraction() != null
          || policy.artifactTtl() != null
          || policy.seed() != null) {
        throw invalid(
            "policy: a PRODUCTION run covers its whole scope and keeps its artifacts; remove"
                + " sampleCount, sampleFraction, seed and artifactTtl, or use kind SANDBOX");
      }
      return RunPolicy.production().withThumbnailSize(thumbnailSize);
    }
    Integer count = policy.sampleCount();
    Double fraction = policy.sampleFraction();
    if ((count == null) == (fraction == null)) {
      throw invalid(
          "policy: a SANDBOX run needs policy.sampleCount (e.g. 100) or policy.sampleFraction"
              + " (e.g. 0.1), exactly one of them");
    }
    if (count != null && count <= 0) {
      throw invalid("policy.sampleCount must be positive, was " + count);
    }
    if (fraction != null && !(fraction > 0 && fraction <= 1)) {
      throw invalid("policy.sampleFraction must be in (0, 1], was " + fraction);
    }
    Duration ttl = ttl(policy.artifactTtl());
    return new RunPolicy(
        RunPolicy.Kind.SANDBOX,
        count,
        fraction,
        policy.seed() == null ? DEFAULT_SEED : policy.seed(),
        thumbnailSize == null ? RunPolicy.SANDBOX_THUMBNAIL_SIZE : thumbnailSize,
        ttl);
  }

  private static RunPolicy.Kind kind(@Nullable String kind) {
    if (kind == null || kind.isBlank()) {
      throw invalid("policy.kind is required: SANDBOX or PRODUCTION");
    }
    try {
      return RunPolicy.Kind.valueOf(kind.trim().toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      throw invalid("policy.kind must be SANDBOX or PRODUCTION, not '" + kind + "'");
    }
  }

  private static Duration ttl(@Nullable String text) {
    if (text == null || text.isBlank()) {
      return DEFAULT_TTL;
    }
    Duration ttl;
    try {
      ttl = DurationStyle.detectAndParse(text.trim());
    } catch (IllegalArgumentException | ArithmeticException e) {
      throw invalid(
          "policy.artifactTtl '" + text + "' is not a duration; use e.g. 7d, 12h, 30m or PT30M");
    }
    if (ttl.toSeconds() < 1 || ttl.compareTo(MAX_TTL) > 0) {
      throw invalid("policy.artifactTtl must be between 1s and 365d, was " + text);
    }
    return ttl;
  }

  private static ToolParameters parameters(@Nullable Map<String, Object> parameters) {
    if (parameters == null || parameters.isEmpty()) {
      return ToolParameters.empty();
    }
    for (Map.Entry<String, Object> tool : parameters.entrySet()) {
      if (!(tool.getValue() instanceof Map)) {
        throw invalid(
            "parameters."
                + tool.getKey()
                + " must be an object of that tool's parameters, e.g. {\"maxSize\":384}");
      }
    }
    try {
      return ToolParameters.of(parameters);
    } catch (InvalidToolParametersException e) {
      throw invalid("parameters: " + e.getMessage());
    }
  }

  private static InvalidRunRequestException invalid(String message) {
    return new InvalidRunRequestException(message);
  }
}
