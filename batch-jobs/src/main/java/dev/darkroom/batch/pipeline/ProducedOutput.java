package dev.darkroom.batch.pipeline;

import dev.darkroom.core.tool.ToolOutput;
import dev.darkroom.core.tool.ToolParameters;

/** One tool output with the lineage it will be written with. */
record ProducedOutput(
    ToolOutput output, String toolId, String toolVersion, ToolParameters parameters) {}
