/**
 * Reading what was produced and why: artifacts by id or asset, and their lineage (run, pipeline,
 * tool and version, parameters, input artifacts).
 */
@NullMarked
package dev.darkroom.core.lineage;

import org.jspecify.annotations.NullMarked;
