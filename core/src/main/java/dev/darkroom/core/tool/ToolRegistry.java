package dev.darkroom.core.tool;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/** The tools this process can run, by id. Immutable and thread-safe. */
public final class ToolRegistry {

  private final Map<String, Tool> tools;

  /**
   * @throws IllegalArgumentException if two tools share an id
   */
  public ToolRegistry(Collection<? extends Tool> tools) {
    Map<String, Tool> byId = new TreeMap<>();
    for (Tool tool : tools) {
      Tool previous = byId.putIfAbsent(tool.id(), tool);
      if (previous != null) {
        throw new IllegalArgumentException("two tools have the id " + tool.id());
      }
    }
    this.tools = Map.copyOf(byId);
  }

  public static ToolRegistry of(Tool... tools) {
    return new ToolRegistry(List.of(tools));
  }

  public Optional<Tool> find(String id) {
    return Optional.ofNullable(tools.get(id));
  }

  /**
   * @throws UnknownToolException if no tool has this id
   */
  public Tool get(String id) {
    return find(id)
        .orElseThrow(
            () ->
                new UnknownToolException(
                    "no tool " + id + " (known: " + String.join(", ", ids()) + ")"));
  }

  /**
   * The pipeline's tools, in its order.
   *
   * @throws UnknownToolException if the pipeline names a tool this registry lacks
   */
  public List<Tool> toolsOf(Pipeline pipeline) {
    List<Tool> resolved = new ArrayList<>();
    for (String id : pipeline.toolIds()) {
      resolved.add(
          find(id)
              .orElseThrow(
                  () ->
                      new UnknownToolException(
                          "pipeline "
                              + pipeline.id()
                              + " needs tool "
                              + id
                              + ", which is not here")));
    }
    return List.copyOf(resolved);
  }

  /** Tool ids in alphabetical order. */
  public List<String> ids() {
    return List.copyOf(new TreeMap<>(tools).keySet());
  }
}
