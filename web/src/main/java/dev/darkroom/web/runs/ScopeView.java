package dev.darkroom.web.runs;

import dev.darkroom.core.run.Run;
import org.jspecify.annotations.Nullable;

/** Which assets a run covers; at most one of the three ids is set, none means every asset. */
public record ScopeView(
    @Nullable Long collectionId, @Nullable String query, @Nullable Long rerunOf, String summary) {

  static ScopeView of(Run run) {
    String summary;
    if (run.collectionId() != null) {
      summary = "collection " + run.collectionId();
    } else if (run.collectionQuery() != null) {
      summary = "query " + run.collectionQuery();
    } else if (run.rerunOf() != null) {
      summary = "failed units of run " + run.rerunOf();
    } else {
      summary = "all assets";
    }
    return new ScopeView(run.collectionId(), run.collectionQuery(), run.rerunOf(), summary);
  }
}
