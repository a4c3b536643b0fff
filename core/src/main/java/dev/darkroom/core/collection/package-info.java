/**
 * Collections: named sets of assets, static (members listed, possibly a snapshot of a query) or
 * dynamic (a saved query evaluated whenever it is used).
 */
@NullMarked
package dev.darkroom.core.collection;

import org.jspecify.annotations.NullMarked;
