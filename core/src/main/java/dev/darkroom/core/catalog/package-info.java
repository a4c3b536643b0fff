/**
 * The catalog: archive roots, assets (identity by SHA-256), their locations (path history) and
 * catalog scans with their reports.
 */
@NullMarked
package dev.darkroom.core.catalog;

import org.jspecify.annotations.NullMarked;
