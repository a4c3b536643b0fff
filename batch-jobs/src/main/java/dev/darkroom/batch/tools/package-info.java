/**
 * The tools Darkroom ships, one subpackage each, and {@link
 * dev.darkroom.batch.tools.StandardTools}, which registers them. See {@code docs/tools.md}.
 */
@NullMarked
package dev.darkroom.batch.tools;

import org.jspecify.annotations.NullMarked;
