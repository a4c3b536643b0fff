package dev.darkroom.web.runs;

/**
 * The answer to a request that started a run: its id and where to follow it.
 *
 * @param url the run's status in the API, {@code /api/runs/{id}} (also the Location header)
 */
public record RunAccepted(long id, String url) {}
