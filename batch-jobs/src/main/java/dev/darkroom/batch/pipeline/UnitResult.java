package dev.darkroom.batch.pipeline;

import dev.darkroom.core.asset.AssetMetadata;
import dev.darkroom.core.coverage.StepOutcome;
import dev.darkroom.core.run.PendingUnit;
import dev.darkroom.core.run.UnitStatus;
import dev.darkroom.core.run.UnitUpdate;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * What the processor made of one unit: the outputs to store and the unit's final status. A failed
 * unit may still carry outputs of the tools that succeeded (the metadata of a truncated JPEG).
 *
 * @param error why the unit failed or was skipped, prefixed by the tool id; null when done
 * @param attempts tries of the unit's most-tried tool (retries of transient failures included)
 * @param coverage per applicable step, what this attempt leaves for the coverage map (produced or
 *     failed); a skipped step leaves nothing
 * @param catalog what the unit's outputs project into the asset's typed columns ({@code
 *     Tool.catalogProjection}), or null when none does
 * @param reusedInputs artifacts of earlier runs (or earlier in this run) that stood in for a kind
 *     of this unit's upstream outputs, by kind (ADR 0036): an output derived from such a kind names
 *     that artifact in its lineage; never a kind among {@code outputs}
 */
record UnitResult(
    PendingUnit unit,
    List<ProducedOutput> outputs,
    UnitStatus status,
    @Nullable String error,
    int attempts,
    List<StepOutcome> coverage,
    @Nullable AssetMetadata catalog,
    Map<String, Long> reusedInputs) {

  UnitResult {
    outputs = List.copyOf(outputs);
    coverage = List.copyOf(coverage);
    reusedInputs = Map.copyOf(reusedInputs);
  }

  UnitResult(
      PendingUnit unit,
      List<ProducedOutput> outputs,
      UnitStatus status,
      @Nullable String error,
      int attempts,
      List<StepOutcome> coverage,
      @Nullable AssetMetadata catalog) {
    this(unit, outputs, status, error, attempts, coverage, catalog, Map.of());
  }

  UnitResult(
      PendingUnit unit,
      List<ProducedOutput> outputs,
      UnitStatus status,
      @Nullable String error,
      int attempts) {
    this(unit, outputs, status, error, attempts, List.of(), null);
  }

  static UnitResult failed(PendingUnit unit, String error) {
    return new UnitResult(unit, List.of(), UnitStatus.FAILED, error, 1);
  }

  UnitResult withCoverage(List<StepOutcome> outcomes) {
    return new UnitResult(unit, outputs, status, error, attempts, outcomes, catalog, reusedInputs);
  }

  UnitUpdate toUpdate() {
    return new UnitUpdate(unit.unitKey(), status, error, attempts);
  }
}
