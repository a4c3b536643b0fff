/**
 * The {@code near-duplicates} aggregate step of the {@code duplicates} pipeline: a persistent index
 * of perceptual hashes, clusters by Hamming distance, cluster artifacts with lineage.
 */
@NullMarked
package dev.darkroom.batch.duplicates;

import org.jspecify.annotations.NullMarked;
