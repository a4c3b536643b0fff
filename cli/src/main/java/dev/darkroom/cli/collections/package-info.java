/** Collections: list, show, create, delete. */
@NullMarked
package dev.darkroom.cli.collections;

import org.jspecify.annotations.NullMarked;
