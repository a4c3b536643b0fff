package dev.darkroom.core.collection;

import java.util.List;
import java.util.stream.Collectors;

/**
 * A collection that runs or schedules name as their scope cannot be deleted: the runs' history
 * would lose it, the schedules their scope.
 */
public class CollectionInUseException extends RuntimeException {

  public CollectionInUseException(long collectionId, List<Long> runIds) {
    super(
        "Collection "
            + collectionId
            + " is the scope of run"
            + (runIds.size() == 1 ? " " : "s ")
            + runIds.stream().map(String::valueOf).collect(Collectors.joining(", "))
            + " and is kept so their history stays complete; it cannot be deleted");
  }

  /** The collection is the scope of schedules: deleting it would leave them without one. */
  public static CollectionInUseException bySchedules(long collectionId, List<String> schedules) {
    return new CollectionInUseException(
        "Collection "
            + collectionId
            + " is the scope of schedule"
            + (schedules.size() == 1 ? " " : "s ")
            + schedules.stream().map(n -> "'" + n + "'").collect(Collectors.joining(", "))
            + "; delete those schedules or give them another scope first");
  }

  private CollectionInUseException(String message) {
    super(message);
  }
}
