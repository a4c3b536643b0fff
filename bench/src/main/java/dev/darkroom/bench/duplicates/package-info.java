/** The duplicates part of the media benchmark: clustering 100,000 and 1,000,000 hashes. */
@NullMarked
package dev.darkroom.bench.duplicates;

import org.jspecify.annotations.NullMarked;
