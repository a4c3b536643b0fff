/**
 * Coverage on the batch side: which steps the shipped pipelines pin now (written at start-up) and
 * what each production chunk leaves per asset and step (written in the chunk transaction).
 */
@NullMarked
package dev.darkroom.batch.coverage;

import org.jspecify.annotations.NullMarked;
