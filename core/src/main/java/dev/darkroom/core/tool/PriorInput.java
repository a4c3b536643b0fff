package dev.darkroom.core.tool;

import java.util.Objects;

/**
 * An upstream kind a tool reads ({@link Tool#inputKinds}) that an earlier run may have stored
 * already: the artifact of {@code kind} that {@code toolId} at {@code toolVersion} makes with
 * {@code parameters}. When the pipeline has no earlier step making the kind, the run looks such an
 * artifact up before running the tool and hands it over as upstream output (ADR 0036).
 *
 * @param parameters the producing tool's effective parameters, as its lineage records them
 */
public record PriorInput(
    String kind, String toolId, String toolVersion, ToolParameters parameters) {

  public PriorInput {
    Objects.requireNonNull(kind, "kind");
    Objects.requireNonNull(toolId, "toolId");
    Objects.requireNonNull(toolVersion, "toolVersion");
    Objects.requireNonNull(parameters, "parameters");
  }
}
