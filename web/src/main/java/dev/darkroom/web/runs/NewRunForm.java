package dev.darkroom.web.runs;

import dev.darkroom.core.run.InvalidRunRequestException;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import tools.jackson.core.JacksonException;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

/**
 * The dashboard's "New run" form, bound field by field as text so that nothing a user types is a
 * binding error: {@link #toRequest()} parses it into the API's {@link StartRunRequest} and says
 * what is wrong in words.
 */
class NewRunForm {

  private static final JsonMapper JSON = JsonMapper.builder().build();

  private String pipeline = "images-basic";
  private String scope = "all";
  private String collectionId = "";
  private String query = "";
  private String policy = "SANDBOX";
  private String sample = "100";
  private String seed = "42";
  private String thumbnailSize = "";
  private String artifactTtl = "7d";
  private String parameters = "";
  private boolean force;
  private String launcher = "";

  StartRunRequest toRequest() {
    StartRunRequest.Scope chosen;
    switch (scope) {
      case "collection":
        chosen = new StartRunRequest.Scope(number(collectionId, "collection id"), null, null);
        break;
      case "query":
        chosen = new StartRunRequest.Scope(null, query, null);
        break;
      default:
        chosen = new StartRunRequest.Scope(null, null, true);
        break;
    }
    boolean sandbox = !"PRODUCTION".equals(policy);
    Long count = null;
    Double fraction = null;
    if (sandbox && isFraction(sample)) {
      fraction = fraction(sample);
    } else if (sandbox) {
      count = number(sample, "sample");
    }
    return new StartRunRequest(
        pipeline,
        chosen,
        new StartRunRequest.Policy(
            policy,
            count == null ? null : Math.toIntExact(count),
            fraction,
            sandbox ? number(seed, "seed") : null,
            thumbnailSize.isBlank()
                ? null
                : Math.toIntExact(number(thumbnailSize, "thumbnail size")),
            sandbox && !artifactTtl.isBlank() ? artifactTtl : null),
        parameters(),
        !sandbox && force ? Boolean.TRUE : null,
        launcher.isBlank() ? null : launcher.strip());
  }

  private @Nullable Map<String, Object> parameters() {
    if (parameters.isBlank()) {
      return null;
    }
    try {
      return JSON.readValue(parameters, new TypeReference<Map<String, Object>>() {});
    } catch (JacksonException e) {
      throw new InvalidRunRequestException(
          "parameters must be a JSON object such as {\"thumbnail\":{\"maxSize\":384}}: "
              + e.getOriginalMessage());
    }
  }

  private static @Nullable Long number(String text, String what) {
    if (text.isBlank()) {
      return null;
    }
    try {
      return Long.parseLong(text.trim());
    } catch (NumberFormatException e) {
      throw new InvalidRunRequestException(what + " must be a whole number, not '" + text + "'");
    }
  }

  private static boolean isFraction(String sample) {
    return sample.contains("%") || sample.contains(".");
  }

  /** {@code 0.1} or {@code 10%}. */
  private static Double fraction(String text) {
    String trimmed = text.trim();
    try {
      if (trimmed.endsWith("%")) {
        return Double.parseDouble(trimmed.substring(0, trimmed.length() - 1).trim()) / 100;
      }
      return Double.parseDouble(trimmed);
    } catch (NumberFormatException e) {
      throw new InvalidRunRequestException(
          "sample must be a number of assets (100) or a share of them (0.1 or 10%), not '"
              + text
              + "'");
    }
  }

  public String getPipeline() {
    return pipeline;
  }

  public void setPipeline(@Nullable String pipeline) {
    this.pipeline = pipeline == null ? "" : pipeline;
  }

  public String getScope() {
    return scope;
  }

  public void setScope(@Nullable String scope) {
    this.scope = scope == null ? "all" : scope;
  }

  public String getCollectionId() {
    return collectionId;
  }

  public void setCollectionId(@Nullable String collectionId) {
    this.collectionId = collectionId == null ? "" : collectionId;
  }

  public String getQuery() {
    return query;
  }

  public void setQuery(@Nullable String query) {
    this.query = query == null ? "" : query;
  }

  public String getPolicy() {
    return policy;
  }

  public void setPolicy(@Nullable String policy) {
    this.policy = policy == null ? "" : policy;
  }

  public String getSample() {
    return sample;
  }

  public void setSample(@Nullable String sample) {
    this.sample = sample == null ? "" : sample;
  }

  public String getSeed() {
    return seed;
  }

  public void setSeed(@Nullable String seed) {
    this.seed = seed == null ? "" : seed;
  }

  public String getThumbnailSize() {
    return thumbnailSize;
  }

  public void setThumbnailSize(@Nullable String thumbnailSize) {
    this.thumbnailSize = thumbnailSize == null ? "" : thumbnailSize;
  }

  public String getArtifactTtl() {
    return artifactTtl;
  }

  public void setArtifactTtl(@Nullable String artifactTtl) {
    this.artifactTtl = artifactTtl == null ? "" : artifactTtl;
  }

  public String getParameters() {
    return parameters;
  }

  public void setParameters(@Nullable String parameters) {
    this.parameters = parameters == null ? "" : parameters;
  }

  public boolean isForce() {
    return force;
  }

  public void setForce(boolean force) {
    this.force = force;
  }

  public String getLauncher() {
    return launcher;
  }

  public void setLauncher(@Nullable String launcher) {
    this.launcher = launcher == null ? "" : launcher;
  }
}
