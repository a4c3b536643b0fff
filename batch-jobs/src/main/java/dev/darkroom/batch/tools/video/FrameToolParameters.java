package dev.darkroom.batch.tools.video;

import dev.darkroom.core.tool.InvalidToolParametersException;
import dev.darkroom.core.tool.ToolParameters;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** The parameters of a tool that reads frames: its own, plus the frames it asks for. */
final class FrameToolParameters {

  private FrameToolParameters() {}

  /** Every parameter, defaults filled in, {@code own} first checked by the caller. */
  static ToolParameters resolve(
      String toolId, ToolParameters requested, Map<String, Object> ownDefaults) {
    List<String> known = new ArrayList<>(ownDefaults.keySet());
    known.addAll(
        List.of(FrameSettings.FRAME_COUNT, FrameSettings.FRAME_SIZE, FrameSettings.PERSIST_FRAMES));
    requested.requireOnly(known, toolId);
    Map<String, Object> all = new TreeMap<>(ownDefaults);
    all.putAll(FrameSettings.from(requested).toParameters().values());
    all.put(FrameSettings.PERSIST_FRAMES, persist(requested));
    for (String name : ownDefaults.keySet()) {
      requested.find(name).ifPresent(value -> all.put(name, value));
    }
    return ToolParameters.of(all);
  }

  static boolean persist(ToolParameters parameters) {
    Object value = parameters.find(FrameSettings.PERSIST_FRAMES).orElse(Boolean.TRUE);
    if (value instanceof Boolean b) {
      return b;
    }
    throw new InvalidToolParametersException(
        FrameSettings.PERSIST_FRAMES + " must be true or false, was " + value);
  }
}
