package dev.darkroom.web.runs;

import dev.darkroom.web.api.Page;

/** Everything the run page shows, read at one moment. */
public record RunPageModel(RunStatusView run, ThroughputChart chart, Page<FailureView> failures) {

  /** Failed units shown on the page and pushed live; the API pages through the rest. */
  static final int FAILURES_SHOWN = 50;
}
