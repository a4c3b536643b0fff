package dev.darkroom.core.artifact;

/**
 * A stored artifact of an earlier run (or of the asking run itself) that a pipeline step may reuse
 * instead of making it again: same asset, kind, tool, tool version and parameters (ADR 0036).
 *
 * @param id the artifact's id, which the lineage of what is made from it names
 * @param runId the run that made it
 * @param storageKey where its blob is in the artifact store
 * @param sha256 the blob's content hash, checked when the blob is read
 */
public record PriorArtifact(
    long id, long runId, String storageKey, String sha256, String mediaType) {}
