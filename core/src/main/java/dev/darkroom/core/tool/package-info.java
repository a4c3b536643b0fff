/**
 * The tool SPI: a {@link dev.darkroom.core.tool.Tool} turns one original into derived outputs, a
 * {@link dev.darkroom.core.tool.Pipeline} is a named, versioned list of tools, and the registries
 * look both up by id. Plain Java: the batch side runs tools inside chunks, nothing here knows it.
 */
@NullMarked
package dev.darkroom.core.tool;

import org.jspecify.annotations.NullMarked;
