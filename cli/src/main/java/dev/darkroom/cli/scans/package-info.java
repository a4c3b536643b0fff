/** Catalog scans from the terminal. */
@NullMarked
package dev.darkroom.cli.scans;

import org.jspecify.annotations.NullMarked;
