package dev.darkroom.core.tool;

import java.util.Optional;

/**
 * A {@link Tool} that needs something outside the JVM (a binary on PATH, a model file) implements
 * this, so a run preflights it before planning instead of failing every unit.
 */
public interface ToolReadiness {

  /**
   * @return why the tool cannot run in this process (e.g. {@code "ffmpeg is not on PATH"}), or
   *     empty when it can
   */
  Optional<String> unavailableReason();
}
