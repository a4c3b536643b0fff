package dev.darkroom.core.collection;

/**
 * A collection that cannot be created as asked: no name, a name in use, no or unknown asset ids.
 * The message says what to change. (A bad query is a {@link
 * dev.darkroom.core.query.QueryParseException}.)
 */
public class InvalidCollectionException extends RuntimeException {

  public InvalidCollectionException(String message) {
    super(message);
  }
}
