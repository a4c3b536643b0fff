package dev.darkroom.core.tool;

import java.util.HashSet;
import java.util.List;
import java.util.Objects;

/**
 * A named, versioned template of tools, run in order for each unit. A later tool sees what the
 * earlier ones produced for the same unit ({@link ToolInput#upstream}) and may derive its output
 * from it ({@link ToolOutput#derivedFrom}), which lineage records as the artifact's inputs. The
 * shipped tools all read the original only.
 *
 * @param id e.g. {@code images-basic}
 * @param version bumped whenever the tool list or its order changes
 * @param toolIds tool ids in order, each at most once, at least one
 */
public record Pipeline(String id, String version, List<String> toolIds) {

  public Pipeline {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(version, "version");
    toolIds = List.copyOf(toolIds);
    if (id.isBlank() || version.isBlank()) {
      throw new IllegalArgumentException("a pipeline needs an id and a version");
    }
    if (toolIds.isEmpty()) {
      throw new IllegalArgumentException("pipeline " + id + " has no tools");
    }
    if (new HashSet<>(toolIds).size() != toolIds.size()) {
      throw new IllegalArgumentException("pipeline " + id + " lists a tool twice: " + toolIds);
    }
  }
}
