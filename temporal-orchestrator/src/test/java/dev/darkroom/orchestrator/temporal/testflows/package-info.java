/** Tiny workflows and activities that exercise a Temporal server in tests. */
package dev.darkroom.orchestrator.temporal.testflows;
