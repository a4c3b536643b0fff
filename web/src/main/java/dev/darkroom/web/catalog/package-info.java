/**
 * What the catalog features (assets, lineage, collections, pipelines) share: the {@link CatalogApi}
 * marker and its problem details for bad input, paging parameters, JSON and display helpers.
 */
@NullMarked
package dev.darkroom.web.catalog;

import org.jspecify.annotations.NullMarked;
