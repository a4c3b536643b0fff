/**
 * The per-asset pipeline job: one Spring Batch job instance per run partition, whose chunks run the
 * pipeline's tools and commit artifacts, lineage and unit coverage together. See docs/runs.md.
 */
@NullMarked
package dev.darkroom.batch.pipeline;

import org.jspecify.annotations.NullMarked;
