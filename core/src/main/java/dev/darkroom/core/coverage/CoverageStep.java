package dev.darkroom.core.coverage;

import java.util.List;
import java.util.Objects;

/**
 * One step of a pipeline as coverage sees it: the tool, the artifact kind it writes, and the
 * version and parameters hash an artifact must have been made with to count as current.
 *
 * @param toolId e.g. {@code thumbnail}
 * @param kind the artifact kind the tool writes, e.g. {@code thumbnail}
 * @param toolVersion the version pinned now
 * @param paramsHash SHA-256 hex of the canonical parameters pinned now
 * @param accepted the media type patterns the tool accepts (lower case, {@code image/*}…); assets
 *     of other types are "not applicable"
 */
public record CoverageStep(
    String toolId, String kind, String toolVersion, String paramsHash, List<String> accepted) {

  public CoverageStep {
    Objects.requireNonNull(toolId, "toolId");
    Objects.requireNonNull(kind, "kind");
    Objects.requireNonNull(toolVersion, "toolVersion");
    Objects.requireNonNull(paramsHash, "paramsHash");
    accepted = List.copyOf(accepted);
  }
}
