package dev.darkroom.core.lineage;

/** No {@code artifact} row has this id (it never existed, or it expired and was swept). */
public class UnknownArtifactException extends RuntimeException {

  private final long artifactId;

  public UnknownArtifactException(long artifactId) {
    super(
        "No artifact with id "
            + artifactId
            + "; sandbox artifacts are removed once they expire, see the asset's page for the"
            + " current ones");
    this.artifactId = artifactId;
  }

  public long artifactId() {
    return artifactId;
  }
}
