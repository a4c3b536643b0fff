/**
 * What the catalog features (assets, lineage, collections, pipelines) share: their typed errors
 * (answered by the one {@link dev.darkroom.web.api.ApiProblemHandler}), paging parameters, JSON and
 * display helpers.
 */
@NullMarked
package dev.darkroom.web.catalog;

import org.jspecify.annotations.NullMarked;
