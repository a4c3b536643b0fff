/** An asset's technical metadata as the catalog's typed columns hold it, and their repository. */
@NullMarked
package dev.darkroom.core.asset;

import org.jspecify.annotations.NullMarked;
