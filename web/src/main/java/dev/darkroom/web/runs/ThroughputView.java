package dev.darkroom.web.runs;

/**
 * Finished units (done, failed or skipped) per second.
 *
 * @param lastMinute over the last minute of the run (the minute before it ended, once it has)
 * @param overall since the run started
 */
public record ThroughputView(double lastMinute, double overall) {}
