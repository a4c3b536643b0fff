/**
 * Generators for test and demo data: a small, realistic sample archive with known expectations
 * ({@link dev.darkroom.batch.sample.SampleArchiveGenerator}, with the media the main job adds
 * beside it: {@link dev.darkroom.batch.sample.SampleMedia}) and large trees of pseudo-random files
 * for benchmarks ({@link dev.darkroom.batch.sample.BenchTreeGenerator}).
 */
@NullMarked
package dev.darkroom.batch.sample;

import org.jspecify.annotations.NullMarked;
