/** The API benchmark: p50/p95 of the main API queries and pages on a seeded catalog. */
@NullMarked
package dev.darkroom.bench.api;

import org.jspecify.annotations.NullMarked;
