package dev.darkroom.core.collection;

/** No collection has this id. */
public class UnknownCollectionException extends RuntimeException {

  public UnknownCollectionException(long collectionId) {
    super("No collection with id " + collectionId);
  }
}
