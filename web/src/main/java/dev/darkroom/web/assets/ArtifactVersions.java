package dev.darkroom.web.assets;

import dev.darkroom.core.lineage.ArtifactVariant;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * An asset's artifacts of one kind from different tool versions or parameters, side by side: the
 * variants newest first, and for JSON artifacts what each older variant has different from the
 * newest.
 *
 * @param kind the artifact kind, e.g. {@code thumbnail}
 * @param variants the newest artifact of each tool version and parameter set, newest first
 * @param diffs for inline JSON artifacts: from the newest variant to each other one
 */
public record ArtifactVersions(String kind, List<Variant> variants, List<Diff> diffs) {

  /**
   * One variant.
   *
   * @param parameters the tool's effective parameters, canonical JSON
   * @param image whether the content is a picture (shown side by side on the page)
   */
  public record Variant(
      long artifactId,
      String toolId,
      String toolVersion,
      String parameters,
      String paramsHash,
      long runId,
      String policy,
      Instant createdAt,
      @Nullable String mediaType,
      boolean image,
      String contentUrl,
      String lineageUrl) {}

  /**
   * The differences from the newest variant ({@code from}) to an older one ({@code to}).
   *
   * @param changes leaf by leaf, as JSON Pointers with the JSON text on each side
   */
  public record Diff(long from, long to, List<JsonDiff.Change> changes) {}

  static ArtifactVersions of(List<ArtifactVariant> variants) {
    List<Variant> shown = new ArrayList<>();
    for (ArtifactVariant v : variants) {
      String mediaType = v.artifact().mediaType();
      shown.add(
          new Variant(
              v.artifact().id(),
              v.toolId(),
              v.toolVersion(),
              v.parametersJson(),
              v.paramsHash(),
              v.runId(),
              v.policy().name(),
              v.artifact().createdAt(),
              mediaType,
              mediaType != null && mediaType.startsWith("image/"),
              "/api/artifacts/" + v.artifact().id() + "/content",
              "/api/artifacts/" + v.artifact().id() + "/lineage"));
    }
    List<Diff> diffs = new ArrayList<>();
    ArtifactVariant newest = variants.get(0);
    if (newest.artifact().inline()) {
      for (ArtifactVariant other : variants.subList(1, variants.size())) {
        if (other.artifact().inline()) {
          diffs.add(
              new Diff(
                  newest.artifact().id(),
                  other.artifact().id(),
                  JsonDiff.between(newest.artifact().inlineJson(), other.artifact().inlineJson())));
        }
      }
    }
    return new ArtifactVersions(variants.get(0).artifact().kind(), shown, diffs);
  }
}
