package dev.darkroom.core.tool;

import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/** The pipelines a run may name, by id. Immutable and thread-safe. */
public final class PipelineRegistry {

  /** Image metadata first, so an asset's typed columns are filled even if its thumbnail fails. */
  public static final Pipeline IMAGES_BASIC =
      new Pipeline("images-basic", "1", List.of("image-metadata", "thumbnail"));

  /**
   * Thumbnail first: the perceptual hash is taken of the upright thumbnail, whatever the format
   * (docs/duplicates.md); the run then ends with the {@value #NEAR_DUPLICATES} aggregate step.
   */
  public static final Pipeline DUPLICATES =
      new Pipeline("duplicates", "1", List.of("thumbnail", "phash"));

  /** The aggregate step that clusters a run's perceptual hashes into near-duplicate groups. */
  public static final String NEAR_DUPLICATES = "near-duplicates";

  /**
   * Steps that run once over the whole run after its per-asset partitions, by pipeline id. Kept
   * beside the pipelines rather than in {@link Pipeline}, whose tool list is what coverage counts.
   */
  private static final Map<String, List<String>> AGGREGATE_STEPS =
      Map.of(DUPLICATES.id(), List.of(NEAR_DUPLICATES));

  /**
   * Linear multi-step: the probe first (its duration places the frames and its fields fill the
   * catalog), then the frames, which the poster thumbnail and the contact sheet reuse.
   */
  public static final Pipeline VIDEO_BASIC =
      new Pipeline(
          "video-basic",
          "1",
          List.of("video-probe", "keyframes", "video-thumbnail", "contact-sheet"));

  private final Map<String, Pipeline> pipelines;

  /**
   * @throws IllegalArgumentException if two pipelines share an id
   */
  public PipelineRegistry(Collection<Pipeline> pipelines) {
    Map<String, Pipeline> byId = new TreeMap<>();
    for (Pipeline pipeline : pipelines) {
      if (byId.putIfAbsent(pipeline.id(), pipeline) != null) {
        throw new IllegalArgumentException("two pipelines have the id " + pipeline.id());
      }
    }
    this.pipelines = Map.copyOf(byId);
  }

  /** The pipelines Darkroom ships. */
  public static PipelineRegistry standard() {
    return new PipelineRegistry(List.of(IMAGES_BASIC, VIDEO_BASIC, DUPLICATES));
  }

  /** The aggregate steps a run of the pipeline ends with, in order; empty for most pipelines. */
  public static List<String> aggregateSteps(String pipelineId) {
    return AGGREGATE_STEPS.getOrDefault(pipelineId, List.of());
  }

  public Optional<Pipeline> find(String id) {
    return Optional.ofNullable(pipelines.get(id));
  }

  /**
   * @throws UnknownPipelineException if no pipeline has this id
   */
  public Pipeline get(String id) {
    return find(id)
        .orElseThrow(
            () ->
                new UnknownPipelineException(
                    "no pipeline " + id + " (known: " + String.join(", ", ids()) + ")"));
  }

  /** Pipeline ids in alphabetical order. */
  public List<String> ids() {
    return List.copyOf(new TreeMap<>(pipelines).keySet());
  }
}
