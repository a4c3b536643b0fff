package dev.darkroom.core.storage;

/**
 * The key is well formed but the store has no blob under it. A catalog row pointing at a missing
 * blob is a bug or a lost store, never a normal state: callers should surface it, not retry.
 */
public class ArtifactNotFoundException extends ArtifactStoreException {

  private final String key;

  public ArtifactNotFoundException(String store, String key) {
    super(store, "no artifact under key " + key);
    this.key = key;
  }

  public String key() {
    return key;
  }
}
