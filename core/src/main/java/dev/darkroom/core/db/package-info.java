/** Database wiring: the embedded PostgreSQL default. */
@NullMarked
package dev.darkroom.core.db;

import org.jspecify.annotations.NullMarked;
