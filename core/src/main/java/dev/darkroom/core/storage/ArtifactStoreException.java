package dev.darkroom.core.storage;

/**
 * A store could not do what was asked: I/O failure, unreachable endpoint, refused credentials,
 * misconfiguration. The message names the store (its {@link ArtifactStore#describe() description}:
 * root directory, or endpoint and bucket) so an operator knows where to look.
 */
public class ArtifactStoreException extends RuntimeException {

  private final String store;

  public ArtifactStoreException(String store, String message) {
    super(store + ": " + message);
    this.store = store;
  }

  public ArtifactStoreException(String store, String message, Throwable cause) {
    super(store + ": " + message + describeCause(cause), cause);
    this.store = store;
  }

  /** The store's description, e.g. {@code filesystem:/data/artifacts}. */
  public String store() {
    return store;
  }

  private static String describeCause(Throwable cause) {
    String text = cause.getMessage();
    return " (" + cause.getClass().getSimpleName() + (text == null ? "" : ": " + text) + ")";
  }
}
