/**
 * Near-duplicate clusters and exact duplicates: the tables the {@code near-duplicates} aggregate
 * step writes ({@code duplicate_index}, {@code duplicate_member}, {@code duplicate_cluster}, {@code
 * aggregate_step}) and what the API reads from them and from the catalog.
 */
@NullMarked
package dev.darkroom.core.duplicates;

import org.jspecify.annotations.NullMarked;
