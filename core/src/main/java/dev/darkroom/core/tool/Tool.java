package dev.darkroom.core.tool;

import dev.darkroom.core.asset.AssetMetadata;
import java.util.Optional;
import java.util.Set;

/**
 * Derives outputs (a thumbnail, extracted metadata…) from one original asset.
 *
 * <p><b>Identity.</b> {@link #id()} names the tool in pipelines and lineage; {@link #version()}
 * changes whenever the same input and parameters could produce different output, so lineage says
 * exactly which code made an artifact.
 *
 * <p><b>Parameters.</b> {@link #resolveParameters} turns the parameters a run asks for into the
 * effective ones (defaults filled in); those are what {@link ToolInput#parameters()} carries and
 * what lineage records, so a changed default never hides behind an unchanged hash. Unknown names or
 * bad values are a configuration error of the whole run and throw {@link
 * InvalidToolParametersException}, before any asset is touched.
 *
 * <p><b>Outcome, not exceptions.</b> {@link #process} returns a {@link ToolResult} for everything
 * the archive can throw at it: a media type it does not handle is {@link ToolResult.Skipped}; a
 * corrupt, empty, truncated or unsupported file is a {@link ToolResult.Failed} with a reason a user
 * can read; an {@link java.io.IOException} while reading the original is a transient {@code Failed}
 * (worth retrying). Only programming errors (null arguments, invalid parameters) throw.
 *
 * <p><b>Null and empty.</b> No argument or return value is null. {@code Success} may hold an empty
 * list when there is honestly nothing to output.
 *
 * <p>Implementations are stateless and thread-safe: one instance serves every partition of a JVM.
 * They open the original read-only and never write next to it.
 */
public interface Tool {

  /** Stable identifier, lowercase with dashes, e.g. {@code thumbnail}. */
  String id();

  /** Version of the tool's output contract, e.g. {@code 1}. */
  String version();

  /**
   * The artifact kind this tool writes, which names its step in the coverage map and in the query
   * terms {@code stale:}, {@code missing:}, {@code failed:} (docs/coverage.md). By default the
   * tool's id.
   */
  default String outputKind() {
    return id();
  }

  /**
   * The kinds of upstream outputs ({@link ToolInput#upstream}) this tool reads. In a pipeline, a
   * step runs only when every one of these kinds that an earlier step makes exists for the unit;
   * when the earlier step failed or was skipped, this one is not run and records {@code not run:
   * input missing (<kind>)} instead of a second error. A kind no earlier step makes is not awaited:
   * the tool then works from the original (a frame source extracts the frames itself). Empty by
   * default: the tool reads the original only.
   */
  default Set<String> inputKinds() {
    return Set.of();
  }

  /**
   * Whether this tool's stored output, made for the same asset (the same content: an asset is
   * identified by its hash) at this {@link #version()} with the same effective parameters by an
   * earlier production run, or earlier in this run, may stand in for running it again. Only for
   * tools whose output is a function of exactly those (and expensive to make): the run then reuses
   * the newest such artifact whose blob is readable, writes no new artifact for the step, and later
   * steps' lineage names the reused artifact (ADR 0036). False by default.
   */
  default boolean reusableAcrossRuns() {
    return false;
  }

  /**
   * Upstream outputs this tool would read with {@code parameters} that an earlier run's artifact
   * may supply when no earlier step of the pipeline makes them (a contact sheet's frames, when the
   * pipeline has no {@code keyframes} step), ADR 0036. Empty by default.
   */
  default java.util.List<PriorInput> priorInputs(ToolParameters parameters) {
    return java.util.List.of();
  }

  /**
   * What of {@code output} (one of this tool's own outputs) the catalog copies into the asset's
   * typed columns (capture time, dimensions, duration, GPS…), or empty when it copies nothing. The
   * batch writer calls it for every output and names no tool, so a new tool projects its fields
   * without touching shared code. When two steps of one unit both project, the later one wins.
   *
   * <p>The default is the projection the tool attached to the output ({@link
   * ToolOutput#catalog()}), if any; a tool whose stored outputs can be projected again overrides
   * this to read them.
   *
   * @throws IllegalArgumentException if the output is not one this tool wrote
   */
  default Optional<AssetMetadata> catalogProjection(ToolOutput output) {
    return Optional.ofNullable(output.catalog());
  }

  /** The media types this tool processes; anything else is {@link ToolResult.Skipped}. */
  MediaTypeSet acceptedMediaTypes();

  /**
   * The effective parameters for a request: the defaults, overridden by {@code requested}.
   *
   * @param requested what the run or policy asks for; {@link ToolParameters#empty()} for defaults
   * @throws InvalidToolParametersException for an unknown name or an out-of-range value
   */
  ToolParameters resolveParameters(ToolParameters requested);

  /**
   * Processes one original. Never throws for bad input; see the class comment.
   *
   * @throws InvalidToolParametersException if {@code input.parameters()} are invalid
   */
  ToolResult process(ToolInput input);
}
