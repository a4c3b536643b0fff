package dev.darkroom.core.collection;

import java.util.List;
import java.util.stream.Collectors;

/** A collection that runs name as their scope cannot be deleted: their history would lose it. */
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
}
