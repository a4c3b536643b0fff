/**
 * Runs in the web layer: the REST API ({@code /api/runs}), the live dashboard ({@code /runs},
 * {@code /runs/{id}}) and the server-sent event streams that keep both up to date from run events
 * and from PostgreSQL.
 */
@NullMarked
package dev.darkroom.web.runs;

import org.jspecify.annotations.NullMarked;
