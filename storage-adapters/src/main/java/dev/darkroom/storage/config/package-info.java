/**
 * Spring wiring for artifact storage: {@code darkroom.storage.*} settings, the auto-configuration
 * that builds the chosen store, health indicators and the maintenance operations.
 */
@NullMarked
package dev.darkroom.storage.config;

import org.jspecify.annotations.NullMarked;
