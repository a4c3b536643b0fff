package dev.darkroom.core.artifact;

import java.util.List;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * An artifact row to insert with its lineage: either a stored blob ({@code storageKey}, {@code
 * sha256}, {@code sizeBytes}) or a small inline JSON value.
 *
 * @param parametersJson the tool's effective parameters as canonical JSON
 * @param paramsHash SHA-256 hex of {@code parametersJson}
 * @param inputKinds kinds of the same unit's artifacts in this run that this one was made from;
 *     written as {@code lineage_input}
 * @param inputArtifactIds artifacts of earlier runs this one was made from (a {@code frames}
 *     artifact reused across runs, ADR 0036); written as {@code lineage_input} too
 */
public record NewArtifact(
    String kind,
    long assetId,
    String unitKey,
    @Nullable String storageKey,
    @Nullable String sha256,
    @Nullable Long sizeBytes,
    String mediaType,
    @Nullable String inlineJson,
    String toolId,
    String toolVersion,
    String parametersJson,
    String paramsHash,
    List<String> inputKinds,
    List<Long> inputArtifactIds) {

  /** An artifact made from the original and this run's artifacts of the unit. */
  public NewArtifact(
      String kind,
      long assetId,
      String unitKey,
      @Nullable String storageKey,
      @Nullable String sha256,
      @Nullable Long sizeBytes,
      String mediaType,
      @Nullable String inlineJson,
      String toolId,
      String toolVersion,
      String parametersJson,
      String paramsHash,
      List<String> inputKinds) {
    this(
        kind,
        assetId,
        unitKey,
        storageKey,
        sha256,
        sizeBytes,
        mediaType,
        inlineJson,
        toolId,
        toolVersion,
        parametersJson,
        paramsHash,
        inputKinds,
        List.of());
  }

  /** An artifact made from the original alone. */
  public NewArtifact(
      String kind,
      long assetId,
      String unitKey,
      @Nullable String storageKey,
      @Nullable String sha256,
      @Nullable Long sizeBytes,
      String mediaType,
      @Nullable String inlineJson,
      String toolId,
      String toolVersion,
      String parametersJson,
      String paramsHash) {
    this(
        kind,
        assetId,
        unitKey,
        storageKey,
        sha256,
        sizeBytes,
        mediaType,
        inlineJson,
        toolId,
        toolVersion,
        parametersJson,
        paramsHash,
        List.of());
  }

  public NewArtifact {
    inputKinds = List.copyOf(inputKinds);
    inputArtifactIds = List.copyOf(inputArtifactIds);
    Objects.requireNonNull(kind, "kind");
    Objects.requireNonNull(unitKey, "unitKey");
    Objects.requireNonNull(mediaType, "mediaType");
    Objects.requireNonNull(toolId, "toolId");
    Objects.requireNonNull(toolVersion, "toolVersion");
    Objects.requireNonNull(parametersJson, "parametersJson");
    Objects.requireNonNull(paramsHash, "paramsHash");
    if ((storageKey == null) == (inlineJson == null)) {
      throw new IllegalArgumentException(
          "an artifact has either a storage key or an inline value: " + kind + " of " + unitKey);
    }
  }
}
