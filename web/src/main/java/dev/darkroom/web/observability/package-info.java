/**
 * Operations: health indicators that mean something (Temporal, NATS, archive roots), the gauges
 * read from PostgreSQL, run outcome metrics, and the health status as a metric for alerting. See
 * docs/observability.md.
 */
@NullMarked
package dev.darkroom.web.observability;

import org.jspecify.annotations.NullMarked;
