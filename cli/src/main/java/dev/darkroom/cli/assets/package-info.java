/** Searching and showing assets. */
@NullMarked
package dev.darkroom.cli.assets;

import org.jspecify.annotations.NullMarked;
