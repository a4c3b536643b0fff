/** The batch worker's entry point: one scan or one run partition in its own JVM. */
@NullMarked
package dev.darkroom.batch.worker;

import org.jspecify.annotations.NullMarked;
