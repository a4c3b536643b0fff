/**
 * Assets: the search API ({@code /api/assets?q=}), one asset's metadata, locations and artifacts,
 * its thumbnail, and the browser pages {@code /assets} (thumbnail grid with the query box) and
 * {@code /assets/{id}}.
 */
@NullMarked
package dev.darkroom.web.assets;

import org.jspecify.annotations.NullMarked;
