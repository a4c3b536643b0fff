/** Exporting artifacts with a manifest, resumable and verified by hash. */
@NullMarked
package dev.darkroom.cli.export;

import org.jspecify.annotations.NullMarked;
