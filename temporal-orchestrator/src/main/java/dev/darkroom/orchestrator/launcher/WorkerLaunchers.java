package dev.darkroom.orchestrator.launcher;

import dev.darkroom.core.run.UnknownLauncherException;
import dev.darkroom.core.run.WorkerLauncher;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * Every launcher this server offers, by {@link WorkerLauncher#name()}, and the default for runs
 * that name none ({@code darkroom.runs.default-launcher}). A run's launcher is checked here when
 * the run is requested, so an unknown one is a bad request, not a failed run.
 */
public final class WorkerLaunchers {

  private final Map<String, WorkerLauncher> byName = new LinkedHashMap<>();
  private final String defaultName;
  private final Map<String, Integer> slots;
  private final int defaultSlots;

  /**
   * @throws IllegalArgumentException if two launchers share a name or the default is not among them
   */
  public WorkerLaunchers(List<? extends WorkerLauncher> launchers, String defaultName) {
    this(launchers, defaultName, Map.of(), 1);
  }

  /**
   * @param slots partitions of one run that may execute at once, by launcher name
   * @param defaultSlots the same for a launcher not in {@code slots}
   */
  public WorkerLaunchers(
      List<? extends WorkerLauncher> launchers,
      String defaultName,
      Map<String, Integer> slots,
      int defaultSlots) {
    this.slots = Map.copyOf(slots);
    this.defaultSlots = defaultSlots;
    for (WorkerLauncher launcher : launchers) {
      if (byName.put(launcher.name(), launcher) != null) {
        throw new IllegalArgumentException("two launchers are named " + launcher.name());
      }
    }
    if (!byName.containsKey(defaultName)) {
      throw new IllegalArgumentException(
          "darkroom.runs.default-launcher is "
              + defaultName
              + ", which is not configured here; configured: "
              + String.join(", ", byName.keySet()));
    }
    this.defaultName = defaultName;
  }

  /** One launcher, the default. */
  public static WorkerLaunchers of(WorkerLauncher launcher) {
    return new WorkerLaunchers(List.of(launcher), launcher.name());
  }

  /**
   * The launcher named so, or the default for null.
   *
   * @throws UnknownLauncherException if no configured launcher has this name
   */
  public WorkerLauncher get(@Nullable String name) {
    WorkerLauncher launcher = byName.get(resolve(name));
    if (launcher == null) {
      throw new UnknownLauncherException(String.valueOf(name), byName.keySet());
    }
    return launcher;
  }

  /**
   * The name a run records: {@code name} if it is configured, the default for null.
   *
   * @throws UnknownLauncherException if no configured launcher has this name
   */
  public String resolve(@Nullable String name) {
    String resolved = name == null || name.isBlank() ? defaultName : name.strip();
    if (!byName.containsKey(resolved)) {
      throw new UnknownLauncherException(resolved, byName.keySet());
    }
    return resolved;
  }

  /** Partitions of one run that may execute at once on this launcher. */
  public int slots(@Nullable String name) {
    return slots.getOrDefault(resolve(name), defaultSlots);
  }

  public String defaultName() {
    return defaultName;
  }

  public Set<String> names() {
    return byName.keySet();
  }
}
