/**
 * Runs: a pipeline executed over a collection, planned into partitions of units, executed by a
 * {@link dev.darkroom.core.run.WorkerLauncher} and tracked per unit in PostgreSQL.
 */
@NullMarked
package dev.darkroom.core.run;

import org.jspecify.annotations.NullMarked;
