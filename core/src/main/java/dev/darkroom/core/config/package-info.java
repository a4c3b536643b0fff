/** Configuration records shared by every Darkroom module. */
@NullMarked
package dev.darkroom.core.config;

import org.jspecify.annotations.NullMarked;
