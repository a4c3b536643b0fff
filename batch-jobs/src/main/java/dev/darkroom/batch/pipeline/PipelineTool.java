package dev.darkroom.batch.pipeline;

import dev.darkroom.core.tool.Tool;
import dev.darkroom.core.tool.ToolParameters;

/** A tool of a run's pipeline with the effective parameters the run gives it. */
record PipelineTool(Tool tool, ToolParameters parameters) {}
