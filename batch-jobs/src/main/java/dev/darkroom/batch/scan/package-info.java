/**
 * The catalog scan: a chunked, restartable Spring Batch job that walks the archive read-only,
 * hashes what changed and records assets, locations and problems.
 */
@NullMarked
package dev.darkroom.batch.scan;

import org.jspecify.annotations.NullMarked;
