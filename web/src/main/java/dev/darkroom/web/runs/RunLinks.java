package dev.darkroom.web.runs;

/** Where to go from a run: its API resources and its dashboard page. */
public record RunLinks(
    String self, String failures, String partitions, String events, String page) {

  static RunLinks of(long runId) {
    String api = "/api/runs/" + runId;
    return new RunLinks(
        api, api + "/failures", api + "/partitions", api + "/events", "/runs/" + runId);
  }
}
