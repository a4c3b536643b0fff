/**
 * Collections: {@code /api/collections} (list, create from a query or a list of ids, get, delete,
 * preview a query's count) and the page {@code /collections} with its live count preview.
 */
@NullMarked
package dev.darkroom.web.collections;

import org.jspecify.annotations.NullMarked;
