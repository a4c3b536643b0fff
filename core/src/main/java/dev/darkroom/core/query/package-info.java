/**
 * Darkroom's asset query language (docs/query-language.md): {@link QueryParser} turns text such as
 * {@code type:image taken:2019 -has:thumbnail} into an {@link Expr} tree, {@link QueryCompiler}
 * turns the tree into a parameterized SQL condition over {@code asset a}. {@link AssetQuery} is the
 * entry point for everything else.
 */
@NullMarked
package dev.darkroom.core.query;

import org.jspecify.annotations.NullMarked;
